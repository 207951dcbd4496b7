// Helpers shared by the unit tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace newsd::test {

// tests/data (set by ctest; falls back to the source tree layout).
inline std::string DataPath(const std::string& rel) {
  const char* env = std::getenv("NEWSD_TEST_DATA");
  return std::string(env ? env : "tests/data") + "/" + rel;
}

// The project's data/ folder (gazetteer, sample feeds).
inline std::string ProjectDataPath(const std::string& rel) {
  const char* env = std::getenv("NEWSD_DATA_DIR");
  return std::string(env ? env : "data") + "/" + rel;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("newsd-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A deterministic generator for generated test inputs (xorshift64): the
// same inputs on every run and machine.
struct XorShift {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  uint64_t operator()() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
};

}  // namespace newsd::test
