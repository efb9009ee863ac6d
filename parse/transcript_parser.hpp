#pragma once

#include <string_view>

#include "core/result.hpp"
#include "core/transcript.hpp"

namespace pw::parse {

// Largest transcript accepted, in bytes. The biggest real ParlParse day is a
// few MiB; anything far beyond that is refused before parsing.
inline constexpr std::size_t kMaxTranscriptBytes = 64u << 20;

// Most items accepted from one file (a real sitting day has a few thousand).
inline constexpr std::size_t kMaxItemsPerFile = 100'000;

// Parses one ParlParse transcript. `file_name` is the base name, which gives
// the section, date and version ("debates2009-10-27d.xml"); `bytes` is the
// whole file. Both generations are read: ISO-8859-1 with internal-DTD
// entities, and UTF-8 without a prolog.
//
// Elements named by a <gidredirect> oldgid in the same file (the old text a
// superseded version keeps) are ignored. Speakers carry the member/lord id
// and, where the file gives person_id, the person; use resolve_speakers() to
// fill the rest.
//
// Returns invalid_input for a bad name, malformed XML, an unknown encoding,
// an external entity, excessive entity expansion or a file over the limits.
// Pure: no I/O, no globals beyond libxml2 (see XmlLibrary).
Result<Transcript> parse_transcript(std::string_view file_name, std::string_view bytes);

}  // namespace pw::parse
