// The curl fetcher against a real HTTP server on 127.0.0.1 (cpp-httplib,
// bound to a free port by the test).
#include "ingest/fetcher.h"

#include <arpa/inet.h>
#include <brotli/encode.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "tests/test_util.h"

using namespace newsd;
using namespace std::chrono_literals;

namespace {

std::string Gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Deflate(const std::string& data) {  // HTTP's "deflate": the zlib format
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size,
            reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()), 9);
  out.resize(size);
  return out;
}

std::string Brotli(const std::string& data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                        data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 19));
  return out;
}

const char kFeed[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
    "<item><title>a</title><link>https://x.example/a</link></item></channel></rss>";

class TestServer {
 public:
  TestServer() {
    server_.Get("/feed.xml", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_header("Last-Modified", "Wed, 05 Jun 2024 11:00:00 GMT");
      res.set_content(kFeed, "application/rss+xml; charset=utf-8");
    });
    server_.Get("/gzip.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip(kFeed), "application/rss+xml");
    });
    // Each encoding only to a client that says it accepts it (406 otherwise).
    auto encoded = [this](const char* path, const char* coding,
                          std::string (*encode)(const std::string&), std::string body) {
      std::string bytes = encode(body);
      server_.Get(path, [coding, bytes](const httplib::Request& req, httplib::Response& res) {
        if (req.get_header_value("Accept-Encoding").find(coding) == std::string::npos) {
          res.status = 406;
          return;
        }
        res.set_header("Content-Encoding", coding);
        res.set_content(bytes, "application/rss+xml");
      });
    };
    encoded("/deflate.xml", "deflate", Deflate, kFeed);
    encoded("/br.xml", "br", Brotli, kFeed);
    encoded("/zstd.xml", "zstd", Zstd, kFeed);
    encoded("/br-bomb.xml", "br", Brotli, std::string(8u << 20, 'A'));
    encoded("/zstd-bomb.xml", "zstd", Zstd, std::string(8u << 20, 'A'));
    server_.Get("/bomb.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip(std::string(8u << 20, 'A')), "application/rss+xml");  // 8 MiB inflated
    });
    server_.Get("/big.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(3u << 20, 'B'), "application/rss+xml");
    });
    server_.Get("/missing.xml",
                [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.Get("/busy.xml", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_header("Retry-After", "120");
    });
    server_.Get("/moved.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/feed.xml", 301);
    });
    server_.Get("/moved-twice.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/moved-308.xml", 301);
    });
    server_.Get("/moved-308.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/cached.xml", 308);
    });
    server_.Get("/temporary-then-permanent.xml",
                [](const httplib::Request&, httplib::Response& res) {
                  res.set_redirect("/moved.xml", 302);
                });
    server_.Get("/cached.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "public, max-age=1800");
      res.set_content(kFeed, "application/rss+xml");
    });
    server_.Get("/loop.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop.xml", 302);
    });
    server_.Get("/slow.xml", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(3s);
      res.set_content(kFeed, "application/rss+xml");
    });
    server_.set_keep_alive_max_count(1000);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// nghttpd (Debian's nghttp2-server) serving files over TLS with HTTP/2 only,
// with a certificate for 127.0.0.1 made by openssl for this test; the
// fetcher trusts it through FetchOptions::ca_file.
class Http2Server {
 public:
  explicit Http2Server(const std::vector<std::string>& files) {
    root_ = std::filesystem::path(dir_.path()) / "htdocs";
    std::filesystem::create_directories(root_);
    for (size_t i = 0; i < files.size(); ++i)
      std::ofstream(root_ / ("feed" + std::to_string(i) + ".xml")) << files[i];
    key_ = (std::filesystem::path(dir_.path()) / "key.pem").string();
    cert_ = (std::filesystem::path(dir_.path()) / "cert.pem").string();
    std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
        "-nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
        "-keyout " +
        key_ + " -out " + cert_ + " 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    port_ = FreePort();
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      std::string htdocs = "--htdocs=" + root_.string(), port = std::to_string(port_);
      execlp("nghttpd", "nghttpd", "--address=127.0.0.1", htdocs.c_str(), port.c_str(),
             key_.c_str(), cert_.c_str(), static_cast<char*>(nullptr));
      _exit(127);  // not installed: scripts/install-deps.sh installs nghttp2-server
    }
    for (int i = 0; i < 500 && !Listening(); ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(Listening());
  }
  ~Http2Server() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string Url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  const std::string& ca_file() const { return cert_; }

 private:
  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
  }
  bool Listening() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
  }
  test::TempDir dir_;
  std::filesystem::path root_;
  std::string key_, cert_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("Fetcher: 200 with validators, then a conditional 304") {
  TestServer srv;
  auto f = NewCurlFetcher(FetchOptions{});
  auto r = f->FetchAll({{srv.Url("/feed.xml"), "", ""}});
  REQUIRE(r.size() == 1);
  CHECK(r[0].success());
  CHECK(r[0].body == kFeed);
  CHECK(r[0].etag == "\"v1\"");
  CHECK(r[0].last_modified == "Wed, 05 Jun 2024 11:00:00 GMT");
  CHECK(r[0].content_type == "application/rss+xml; charset=utf-8");
  CHECK(r[0].http_version == 11);
  auto again = f->FetchAll({{srv.Url("/feed.xml"), "\"v1\"", r[0].last_modified}});
  CHECK(again[0].not_modified());
  CHECK(again[0].body.empty());
}

TEST_CASE(
    "Fetcher: gzip, deflate, brotli and zstd are decoded; bombs stop at the decompressed limit") {
  TestServer srv;
  FetchOptions o;
  o.max_body_bytes = 1u << 20;
  auto f = NewCurlFetcher(o);
  // deflate, br and zstd are only sent to a client that asks for them.
  auto r = f->FetchAll({{srv.Url("/gzip.xml"), "", ""},
                        {srv.Url("/deflate.xml"), "", ""},
                        {srv.Url("/br.xml"), "", ""},
                        {srv.Url("/zstd.xml"), "", ""},
                        {srv.Url("/bomb.xml"), "", ""},
                        {srv.Url("/br-bomb.xml"), "", ""},
                        {srv.Url("/zstd-bomb.xml"), "", ""},
                        {srv.Url("/big.xml"), "", ""}});
  for (size_t i = 0; i < 4; ++i) {
    INFO(r[i].url << ": " << r[i].http_status << " " << r[i].status.ToString());
    CHECK(r[i].success());
    CHECK(r[i].body == kFeed);
  }
  for (size_t i = 4; i < 8; ++i) {
    INFO(r[i].url);
    CHECK_FALSE(r[i].status.ok());
    CHECK(r[i].status.message().find("larger than") != std::string::npos);
    CHECK(r[i].body.empty());
  }
}

TEST_CASE(
    "Fetcher: a host's https feeds share one HTTP/2 connection; ca_file trusts a private CA") {
  std::vector<std::string> feeds;
  for (int i = 0; i < 8; ++i)
    feeds.push_back(std::string(kFeed).replace(std::string(kFeed).find("<title>t<"), 10,
                                               "<title>" + std::to_string(i) + "<"));
  Http2Server h2(feeds);
  FetchOptions o;
  o.ca_file = h2.ca_file();
  auto f = NewCurlFetcher(o);
  std::vector<FetchRequest> requests;
  for (size_t i = 0; i < feeds.size(); ++i)
    requests.push_back({h2.Url("/feed" + std::to_string(i) + ".xml"), "", ""});
  auto r = f->FetchAll(requests);
  REQUIRE(r.size() == feeds.size());
  long connections = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    INFO(r[i].url << ": " << r[i].status.ToString());
    CHECK(r[i].success());
    CHECK(r[i].body == feeds[i]);
    CHECK(r[i].http_version == 20);
    connections += r[i].new_connections;
  }
  CHECK(connections == 1);  // eight streams on one connection, not max_per_host connections

  // Without the private CA the certificate is refused: a TLS error, no body.
  auto untrusted = NewCurlFetcher(FetchOptions{})->FetchAll({requests[0]});
  CHECK_FALSE(untrusted[0].status.ok());
  CHECK(untrusted[0].status.message().find("certificate") != std::string::npos);
  CHECK(untrusted[0].body.empty());
}

TEST_CASE("Fetcher: errors are values, one per request, in order") {
  TestServer srv;
  FetchOptions o;
  o.total_timeout = 1000ms;
  o.max_redirects = 3;
  auto f = NewCurlFetcher(o);
  auto r = f->FetchAll({{srv.Url("/missing.xml"), "", ""},
                        {srv.Url("/busy.xml"), "", ""},
                        {srv.Url("/moved.xml"), "", ""},
                        {srv.Url("/loop.xml"), "", ""},
                        {srv.Url("/slow.xml"), "", ""},
                        {"http://127.0.0.1:1/refused.xml", "", ""},
                        {srv.Url("/feed.xml"), "", ""}});
  REQUIRE(r.size() == 7);
  CHECK(r[0].status.ok());
  CHECK(r[0].http_status == 404);
  CHECK(r[1].http_status == 503);
  REQUIRE(r[1].retry_after.has_value());
  CHECK(*r[1].retry_after == std::chrono::seconds(120));
  CHECK(r[2].success());
  CHECK(r[2].effective_url == srv.Url("/feed.xml"));
  CHECK_FALSE(r[3].status.ok());  // too many redirects
  CHECK(r[4].status.code() == Status::Code::kTimeout);
  CHECK(r[5].status.code() == Status::Code::kIOError);
  CHECK(r[6].success());  // the others did not hurt this one
}

TEST_CASE("Fetcher: file:// URLs read local files") {
  test::TempDir dir;
  std::string path = dir.file("f.xml");
  { std::ofstream(path) << kFeed; }
  auto f = NewCurlFetcher(FetchOptions{});
  auto r = f->FetchAll({{"file://" + path, "", ""}, {"file://" + dir.file("nope.xml"), "", ""}});
  CHECK(r[0].success());
  CHECK(r[0].body == kFeed);
  CHECK_FALSE(r[1].status.ok());
}

TEST_CASE("Fetcher: a cancelled fetch returns promptly, finished transfers kept") {
  TestServer srv;
  auto f = NewCurlFetcher(FetchOptions{});
  auto start = std::chrono::steady_clock::now();
  auto r = f->FetchAll({{srv.Url("/feed.xml"), "", ""}, {srv.Url("/slow.xml"), "", ""}},
                       [&] { return std::chrono::steady_clock::now() - start > 300ms; });
  CHECK(std::chrono::steady_clock::now() - start < 2500ms);
  CHECK(r[0].success());
  CHECK(r[1].status.code() == Status::Code::kUnavailable);
  CHECK(r[1].status.message() == "cancelled");
}

TEST_CASE("Fetcher: the SSRF guard refuses private addresses, after DNS and redirects") {
  TestServer srv;
  FetchOptions o;
  o.block_private_addresses = true;
  auto guarded = NewCurlFetcher(o);
  auto r = guarded->FetchAll({{srv.Url("/feed.xml"), "", ""},
                              {"http://localhost:" + srv.Url("/x").substr(17), "", ""},
                              {"http://[::1]:1/feed.xml", "", ""},
                              {"http://2130706433:" + srv.Url("/x").substr(17), "", ""}});
  for (const auto& resp : r) {
    CHECK_FALSE(resp.status.ok());
    CHECK(resp.status.message().find("refused to connect to private address") != std::string::npos);
  }
  CHECK(r[0].status.message().find("127.0.0.1") != std::string::npos);
  auto open = NewCurlFetcher(FetchOptions{});  // off by default: loopback works
  CHECK(open->FetchAll({{srv.Url("/feed.xml"), "", ""}})[0].success());
}

TEST_CASE("SSRF guard: which addresses are private, in every spelling") {
  for (const char* a : {"127.0.0.1",
                        "127.255.255.254",
                        "10.0.0.1",
                        "10.255.255.255",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254" /* cloud metadata */,
                        "169.254.0.1",
                        "100.64.0.1",
                        "100.127.255.255",
                        "0.0.0.0",
                        "0.1.2.3",
                        "255.255.255.255",
                        "2130706433" /* 127.0.0.1 */,
                        "0177.0.0.1",
                        "0x7f.1",
                        "017700000001",
                        "::1",
                        "::",
                        "::ffff:127.0.0.1",
                        "::ffff:10.1.2.3",
                        "::ffff:169.254.169.254",
                        "fe80::1",
                        "febf::1",
                        "fc00::1",
                        "fd12:3456::1"}) {
    INFO(a);
    auto r = IsPrivateAddressLiteral(a);
    REQUIRE(r.ok());
    CHECK(*r);
  }
  for (const char* a : {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1",
                        "100.63.255.255", "100.128.0.1", "169.253.255.255", "11.0.0.1",
                        "2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8", "fec0::1"}) {
    INFO(a);
    auto r = IsPrivateAddressLiteral(a);
    REQUIRE(r.ok());
    CHECK_FALSE(*r);
  }
  CHECK_FALSE(IsPrivateAddressLiteral("news.example").ok());
}

TEST_CASE("Fetcher: permanent redirect chains are reported; temporary hops end them") {
  TestServer srv;
  auto f = NewCurlFetcher(FetchOptions{});
  auto r = f->FetchAll({{srv.Url("/moved.xml"), "", ""},
                        {srv.Url("/moved-twice.xml"), "", ""},
                        {srv.Url("/temporary-then-permanent.xml"), "", ""},
                        {srv.Url("/feed.xml"), "", ""}});
  REQUIRE(r.size() == 4);
  CHECK(r[0].permanent_url == srv.Url("/feed.xml"));
  CHECK(r[1].permanent_url == srv.Url("/cached.xml"));  // 301 then 308
  REQUIRE(r[1].max_age.has_value());
  CHECK(*r[1].max_age == std::chrono::seconds(1800));
  CHECK(r[2].success());
  CHECK(r[2].permanent_url.empty());  // 302 first: the feed's address stays
  CHECK(r[3].permanent_url.empty());
  CHECK_FALSE(r[3].max_age.has_value());
}

TEST_CASE("Fetcher: the per-host limit holds and connections are kept alive") {
  TestServer srv;
  FetchOptions o;
  o.max_concurrent = 8;
  o.max_per_host = 2;
  auto f = NewCurlFetcher(o);
  std::vector<FetchRequest> reqs;
  for (int i = 0; i < 12; ++i) reqs.push_back({srv.Url("/feed.xml"), "", ""});
  auto r = f->FetchAll(reqs);
  long connections = 0;
  for (const auto& x : r) {
    CHECK(x.success());
    connections += x.new_connections;
  }
  // Twelve transfers to one host over at most two connections, reused.
  CHECK(connections >= 1);
  CHECK(connections <= 2);
  // The next round reuses them too.
  long again = 0;
  for (const auto& x : f->FetchAll(reqs)) again += x.new_connections;
  CHECK(again == 0);
}
