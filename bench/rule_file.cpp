// Writes generated rules as a `parlwatch rule import` file on stdout: N
// rules of the stress population (drawn from the fixture week itself) or
// the realistic one (from other sittings; bench/rule_generator),
// RULES_PER_ADDRESS to an address (reader1@example.org, ...), all by email.
// Usage: rule_file DATA_DIR stress|realistic N [RULES_PER_ADDRESS]

#include <cstdio>
#include <exception>
#include <string>

#include <fmt/format.h>

#include "bench/rule_generator.hpp"
#include "parse/xml.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fputs("usage: rule_file DATA_DIR stress|realistic N [RULES_PER_ADDRESS]\n", stderr);
    return 64;
  }
  try {
    const pw::parse::XmlLibrary xml;
    const std::string population = argv[2];
    if (population != "stress" && population != "realistic") {
      std::fputs("rule_file: the population is stress or realistic\n", stderr);
      return 64;
    }
    const auto n = std::stoul(argv[3]);
    const auto per_address = argc > 4 ? std::stoul(argv[4]) : 4UL;
    const auto corpus = population == "stress" ? pw::bench::load_week(argv[1])
                                               : pw::bench::load_background(argv[1]);
    const auto vocabulary = pw::bench::vocabulary_of(corpus);
    pw::bench::RuleGenerator gen(vocabulary, 20091028);
    std::string out;
    for (unsigned long i = 0; i < n; ++i) {
      const auto rule = population == "stress" ? gen.next() : gen.next_realistic();
      out += fmt::format("reader{}@example.org\t{}\temail\n", i / per_address + 1, rule);
      if (out.size() > (1U << 20)) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rule_file: %s\n", e.what());
    return 1;
  }
}
