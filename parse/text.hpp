#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pw::parse {

// Builds the plain text of an element as its character data arrives:
// whitespace runs (ASCII and the no-break space) collapse to one space,
// lines are trimmed, empty lines dropped, and lines joined with '\n'.
class LineBuilder {
 public:
  // Adds character data to the current line.
  void add(std::string_view text);
  // Adds `sep` unless the line is empty; whitespace right after it is dropped.
  void separator(std::string_view sep);
  // Ends the current line (a no-op when it is empty).
  void end_line();
  // Ends the current line and returns every line joined; empties the builder.
  std::string join();

 private:
  std::vector<std::string> lines_;
  std::string current_;
  bool pending_space_ = false;
  bool after_separator_ = false;  // drop whitespace that follows a separator
};

}  // namespace pw::parse
