// The small subcommands: `newsd broker` and `newsd check-config`, and the
// config loading the others share. `run` is in run_command.cc, the offline
// tools in offline_commands.cc, `feeds` in feeds_commands.cc, the store's
// readers in store_commands.cc.
#include "daemon/commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/log.h"
#include "daemon/command_util.h"
#include "daemon/engine.h"
#include "daemon/lifecycle.h"
#include "kafka/embedded_broker.h"
#include "kafka/producer.h"

namespace newsd {

namespace fs = std::filesystem;

Result<Config> LoadConfigOrReport(const std::string& path) {
  auto c = LoadConfig(path);
  if (!c.ok()) std::cerr << "newsd: " << c.status().message() << "\n";
  return c;
}

int RunBroker(const BrokerArgs& args) {
  InstallSignalHandlers();
  EmbeddedBrokerOptions o;
  o.partitions = args.partitions;
  // Cluster mode's topics (docs/scaling.md).
  o.topics.push_back("newsd.feeds");
  o.topics.push_back("newsd.feed-state");
  o.topics.push_back("newsd.items");
  o.topics.push_back("newsd.leader");
  o.topic_partitions["newsd.leader"] = 1;  // its one owner leads the processors
  auto broker = EmbeddedBroker::Start(o);
  if (!broker.ok()) {
    std::cerr << "newsd: " << broker.status().message() << "\n";
    return kExitFailure;
  }
  const std::string& bs = (*broker)->bootstrap();
  if (!args.bootstrap_file.empty()) {
    std::string tmp = args.bootstrap_file + ".tmp";
    {
      std::ofstream out(tmp);
      out << bs << "\n";
      if (!out) {
        std::cerr << "newsd: cannot write " << args.bootstrap_file << "\n";
        return kExitFailure;
      }
    }
    fs::rename(tmp, args.bootstrap_file);
  }
  std::cout << bs << std::endl;
  NEWSD_LOG(kNotice) << "development Kafka broker (in memory) at " << bs << ", " << args.partitions
                     << " partitions per topic; stop with Ctrl-C";
  Notify("READY=1");
  while (!StopRequested()) SleepUnlessStopped(std::chrono::seconds(1));
  NEWSD_LOG(kNotice) << "broker stopped";
  return kExitOk;
}

int RunCheckConfig(const std::string& path) {
  auto config = LoadConfigOrReport(path);
  if (!config.ok()) return kExitUsage;
  auto gaz = LoadGazetteer(*config);
  if (!gaz.ok()) {
    std::cerr << "newsd: " << gaz.status().message() << "\n";
    return kExitFailure;
  }
  auto lexicon = LoadLexicon(*config);
  if (!lexicon.ok()) {
    std::cerr << "newsd: " << lexicon.status().message() << "\n";
    return kExitFailure;
  }
  ProducerOptions producer = config->producer;
  if (producer.brokers.empty()) producer.brokers = "127.0.0.1:9092";  // embedded: checked alike
  if (Status s = ValidateProducerOptions(producer); !s.ok()) {
    std::cerr << "newsd: " << path << ": " << s.message() << "\n";
    return kExitUsage;
  }
  std::cout << path << ": ok (" << config->feeds.size() << " feeds, store " << config->store.path
            << ", kafka " << (config->kafka_embedded ? "embedded" : config->producer.brokers)
            << ")\n";
  return kExitOk;
}

}  // namespace newsd
