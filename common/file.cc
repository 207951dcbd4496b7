#include "common/file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsd {

Result<std::string> ReadFileToString(const std::string& path) {
  // (A directory opens as a stream whose end lies at the largest offset:
  // reading it would allocate that much.)
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::IOError("cannot read " + path + ": it is a directory");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::IOError("cannot read " + path);
  // One allocation of the file's size and one read (a stringstream grows
  // and copies several times: the dictionaries are megabytes).
  const std::streamoff size = in.tellg();
  std::string out;
  if (size > 0) {
    out.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(out.data(), size);
    if (in.gcount() != size) return Status::IOError("error reading " + path);
    // A file that grew while read: the rest too.
    std::stringstream rest;
    rest << in.rdbuf();
    out += rest.str();
  } else {
    // Not a regular file (a pipe, /proc): read to its end.
    in.clear();
    in.seekg(0);
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
  }
  if (in.bad()) return Status::IOError("error reading " + path);
  return out;
}

}  // namespace newsd
