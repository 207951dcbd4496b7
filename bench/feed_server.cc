// A loopback feed server for the ingest benchmark: serves every file of one
// or more "generation" directories from memory, with a strong ETag and
// Last-Modified per file, 304 on a matching If-None-Match or
// If-Modified-Since, and gzip when the client accepts it (bodies are
// compressed once at load). GET /_generation/N switches every path to that
// generation's bytes, so one server run can play several poll cycles: files
// that did not change between generations keep their ETag and answer 304.
//
// usage: feed_server --port-file PATH [--port N] [--threads N] [--bind ADDR] GEN_DIR...
// Prints "listening on ADDR:PORT" and writes PORT to PATH. ADDR defaults to
// 127.0.0.1; 0.0.0.0 also answers on 127.0.0.2 and the rest of loopback,
// which gives a benchmark several hosts.
#include <httplib.h>
#include <zlib.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <vector>

#include "common/file.h"
#include "common/hash.h"

namespace fs = std::filesystem;

namespace {

struct Body {
  std::string raw, gz, etag, last_modified;
};

std::string Gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string port_file;
  std::string bind_address = "127.0.0.1";
  int threads = 64;
  int fixed_port = 0;  // 0: any free port
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--port-file" && i + 1 < argc) {
      port_file = argv[++i];
    } else if (a == "--bind" && i + 1 < argc) {
      bind_address = argv[++i];
    } else if (a == "--port" && i + 1 < argc) {
      // A fixed port keeps feed URLs the same across server runs, so a store
      // saved after one cycle can be polled again by the next.
      fixed_port = std::stoi(argv[++i]);
    } else if (a == "--threads" && i + 1 < argc) {
      threads = std::stoi(argv[++i]);
    } else {
      dirs.push_back(a);
    }
  }
  if (dirs.empty()) {
    std::cerr << "usage: feed_server --port-file PATH [--port N] [--threads N] [--bind ADDR] "
                 "GEN_DIR...\n";
    return 2;
  }
  // generations[g]["/name.xml"]
  std::vector<std::map<std::string, Body>> generations;
  static const char* kLastModified[] = {
      "Mon, 03 Jun 2024 10:00:00 GMT", "Mon, 03 Jun 2024 11:00:00 GMT",
      "Mon, 03 Jun 2024 12:00:00 GMT", "Mon, 03 Jun 2024 13:00:00 GMT"};
  for (const auto& d : dirs) {
    if (generations.size() == std::size(kLastModified)) break;
    auto& gen = generations.emplace_back();
    for (const auto& e : fs::directory_iterator(d)) {
      if (!e.is_regular_file()) continue;
      auto bytes = newsd::ReadFileToString(e.path().string());
      if (!bytes.ok()) continue;
      Body b;
      b.raw = std::move(bytes).value();
      b.gz = Gzip(b.raw);
      char tag[32];
      std::snprintf(tag, sizeof tag, "\"%016llx\"",
                    static_cast<unsigned long long>(newsd::Hash64(b.raw)));
      b.etag = tag;
      // Unchanged since the previous generation: the same Last-Modified.
      std::string path = "/" + e.path().filename().string();
      b.last_modified = kLastModified[generations.size() - 1];
      if (generations.size() > 1) {
        auto prev = generations[generations.size() - 2].find(path);
        if (prev != generations[generations.size() - 2].end() && prev->second.etag == b.etag)
          b.last_modified = prev->second.last_modified;
      }
      gen.emplace("/" + e.path().filename().string(), std::move(b));
    }
  }
  std::atomic<size_t> current{0};
  std::atomic<uint64_t> served{0}, not_modified{0};

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(100000);
  server.Get(R"(/_generation/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    size_t g = std::stoul(req.matches[1]);
    if (g >= generations.size()) {
      res.status = 404;
      return;
    }
    current = g;
    res.set_content("generation " + std::to_string(g) + "\n", "text/plain");
  });
  server.Get("/_stats", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"served\": " + std::to_string(served.load()) +
                        ", \"not_modified\": " + std::to_string(not_modified.load()) + "}\n",
                    "application/json");
  });
  server.Get(R"(/[^_].*)", [&](const httplib::Request& req, httplib::Response& res) {
    const auto& gen = generations[current];
    auto it = gen.find(req.path);
    if (it == gen.end()) {
      res.status = 404;
      return;
    }
    const Body& b = it->second;
    ++served;
    res.set_header("ETag", b.etag);
    res.set_header("Last-Modified", b.last_modified);
    if (req.has_header("If-None-Match")
            ? req.get_header_value("If-None-Match") == b.etag
            : req.get_header_value("If-Modified-Since") == b.last_modified) {
      ++not_modified;
      res.status = 304;
      return;
    }
    if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(b.gz, "application/rss+xml");
    } else {
      res.set_content(b.raw, "application/rss+xml");
    }
  });
  int port = fixed_port ? (server.bind_to_port(bind_address, fixed_port) ? fixed_port : -1)
                        : server.bind_to_any_port(bind_address);
  if (port <= 0) {
    std::cerr << "feed_server: cannot bind\n";
    return 1;
  }
  if (!port_file.empty()) std::ofstream(port_file) << port << "\n";
  std::cout << "listening on " << bind_address << ":" << port << " (" << generations.size()
            << " generations, " << generations[0].size() << " files)" << std::endl;
  std::signal(SIGTERM, [](int) { std::_Exit(0); });
  server.listen_after_bind();
  return 0;
}
