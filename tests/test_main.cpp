#include <gtest/gtest.h>

#include "parse/xml.hpp"

int main(int argc, char** argv) {
  pw::parse::XmlLibrary xml;
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
