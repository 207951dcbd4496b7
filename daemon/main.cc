// newsd: streaming news-feed event tracker. See README.md.
#include <CLI/CLI.hpp>
#include <iostream>

#include "common/log.h"
#include "daemon/commands.h"

namespace {

// Accepts RFC 3339 timestamps and dates for --since/--until/--now.
std::string TimeValidator(const std::string& s) {
  return newsd::ParseRfc3339(s) ? std::string() : "not an RFC 3339 time: " + s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "newsd: polls news feeds, collapses duplicates, extracts events, publishes to Kafka"};
  app.set_version_flag("--version", std::string("newsd ") + NEWSD_VERSION);
  app.require_subcommand(1);

  newsd::RunArgs run;
  auto* run_cmd =
      app.add_subcommand("run", "Run the daemon (until SIGTERM/SIGINT), or one cycle with --once");
  run_cmd->add_option("--config,-c", run.config, "Config file (TOML)")->required();
  run_cmd->add_flag("--once", run.once, "Poll every feed once, publish, exit");
  run_cmd->add_option("--log-level", run.log_level, "error|warning|notice|info|debug");

  newsd::ProcessArgs process;
  std::string process_now;
  auto* process_cmd = app.add_subcommand(
      "process", "Run the whole pipeline offline over feed files; print events as JSON Lines");
  process_cmd->add_option("files", process.files, "Feed files, processed in this order")
      ->required()
      ->check(CLI::ExistingFile);
  process_cmd->add_flag("--items", process.items, "Print each item's verdict and story instead");
  process_cmd->add_flag("--stories", process.stories, "Print the stories instead");
  process_cmd->add_option("--now", process_now, "Take this RFC 3339 time as now")
      ->check(TimeValidator);
  process_cmd->add_option("--data-dir", process.data_dir, "Directory holding gazetteer.json");
  process_cmd->add_option("--max-items", process.max_items,
                          "Entries kept per file, the first ones (0: all; default 1000)");

  std::string parse_target;
  auto* parse_cmd =
      app.add_subcommand("parse", "Parse one feed (file or URL); print its items as JSON Lines");
  parse_cmd->add_option("feed", parse_target, "File path or http(s)/file URL")->required();
  std::string article_target, article_url;
  auto* article_cmd = app.add_subcommand(
      "article", "Read the article body out of a web page (file or URL), as full text does");
  article_cmd->add_option("page", article_target, "File path or http(s)/file URL")->required();
  article_cmd->add_option(
      "--url", article_url,
      "The page's address, for its relative links (default: where it was read)");
  size_t parse_max_items = 1000;
  parse_cmd->add_option("--max-items", parse_max_items,
                        "Entries printed at most, the first ones (0: all; default 1000)");

  newsd::TimelineArgs timeline;
  std::string since, until;
  auto* timeline_cmd =
      app.add_subcommand("timeline", "An entity's events from the store, newest first");
  timeline_cmd->add_option("entity", timeline.entity, "Name or alias (\"Mike Pompeo\", \"Pompeo\")")
      ->required();
  timeline_cmd->add_option("--config,-c", timeline.config, "Config file (TOML)")->required();
  timeline_cmd->add_option("--since", since, "Only events at or after this time")
      ->check(TimeValidator);
  timeline_cmd->add_option("--until", until, "Only events before this time")->check(TimeValidator);
  timeline_cmd->add_option("--limit", timeline.limit, "At most this many events")
      ->check(CLI::Range(1, 1000000));

  newsd::BrokerArgs broker;
  auto* broker_cmd = app.add_subcommand(
      "broker", "Run a development Kafka (librdkafka mock cluster, in memory) in the foreground");
  broker_cmd->add_option("--partitions", broker.partitions, "Partitions per topic")
      ->check(CLI::Range(1, 1000));
  broker_cmd->add_option("--bootstrap-file", broker.bootstrap_file,
                         "Write the bootstrap address here");

  newsd::AnalyzeArgs analyze;
  std::string analyze_published;
  auto* analyze_cmd = app.add_subcommand(
      "analyze", "Read text on stdin; print its sentences, entities, times and events as JSON");
  analyze_cmd
      ->add_option("--published", analyze_published,
                   "Publication time relative dates refer to (default: now)")
      ->check(TimeValidator);
  analyze_cmd->add_option("--data-dir", analyze.data_dir, "Directory holding gazetteer.json");

  std::string feeds_config;
  bool feeds_json = false;
  auto* cluster_cmd = app.add_subcommand("cluster", "Cluster mode (docs/scaling.md)");
  std::string cluster_config;
  bool cluster_json = false;
  auto* cluster_status = cluster_cmd->add_subcommand(
      "status", "Partitions, their feeds and fetchers, the items topic, the processors' leader");
  cluster_status->add_option("--config,-c", cluster_config, "Config file (TOML)")->required();
  cluster_status->add_flag("--json", cluster_json, "One JSON object instead of a table");
  cluster_cmd->require_subcommand(1);
  auto* feeds_cmd = app.add_subcommand("feeds", "Feed management");
  auto* feeds_list = feeds_cmd->add_subcommand(
      "list", "Configured feeds: status, last success, last error, next poll, items seen");
  feeds_list->add_option("--config,-c", feeds_config, "Config file (TOML)")->required();
  feeds_list->add_flag("--json", feeds_json, "JSON Lines instead of a table");
  std::string import_file;
  auto* feeds_import =
      feeds_cmd->add_subcommand("import", "Add an OPML file's feeds to the config's feeds_file");
  feeds_import->add_option("file", import_file, "OPML file")->required()->check(CLI::ExistingFile);
  feeds_import->add_option("--config,-c", feeds_config, "Config file (TOML)")->required();
  auto* feeds_export = feeds_cmd->add_subcommand("export", "Print every configured feed as OPML");
  feeds_export->add_option("--config,-c", feeds_config, "Config file (TOML)")->required();
  std::string feed_url, feed_name;
  auto* feeds_add = feeds_cmd->add_subcommand("add", "Add one feed to the config's feeds_file");
  feeds_add->add_option("url", feed_url, "Feed URL")->required();
  feeds_add->add_option("--name", feed_name, "Display name");
  feeds_add->add_option("--config,-c", feeds_config, "Config file (TOML)")->required();
  auto* feeds_remove =
      feeds_cmd->add_subcommand("remove", "Remove one feed from the config's feeds_file");
  feeds_remove->add_option("url", feed_url, "Feed URL")->required();
  feeds_remove->add_option("--config,-c", feeds_config, "Config file (TOML)")->required();
  newsd::DiscoverArgs discover;
  auto* feeds_discover = feeds_cmd->add_subcommand(
      "discover", "Find the feeds a web page announces (<link rel=\"alternate\">)");
  feeds_discover->add_option("url", discover.page_url, "Page URL")->required();
  feeds_discover->add_option("--config,-c", discover.config,
                             "Config file (fetch options; feeds_file for --add)");
  feeds_discover->add_flag("--add", discover.add, "Add the first feed found to the feeds_file");
  feeds_cmd->require_subcommand(1);

  std::string check_path;
  auto* check_cmd =
      app.add_subcommand("check-config", "Validate a config file without starting anything");
  check_cmd->add_option("file", check_path, "Config file (TOML)")->required();

  std::string check_store_config;
  auto* check_store_cmd = app.add_subcommand(
      "check-store", "Check every block of the store against its checksum (read-only)");
  check_store_cmd->add_option("--config,-c", check_store_config, "Config file (TOML)")->required();

  std::string outbox_config;
  bool outbox_json = false;
  uint64_t outbox_seq = 0;
  bool outbox_all = false;
  auto* outbox_cmd =
      app.add_subcommand("outbox", "Outbox rows Kafka refused for good (the quarantine)");
  auto* outbox_list = outbox_cmd->add_subcommand("list", "List the quarantined rows (read-only)");
  outbox_list->add_option("--config,-c", outbox_config, "Config file (TOML)")->required();
  outbox_list->add_flag("--json", outbox_json, "One JSON object per line");
  auto* outbox_retry = outbox_cmd->add_subcommand(
      "retry", "Put quarantined rows back in the outbox (stop newsd first)");
  outbox_retry->add_option("--config,-c", outbox_config, "Config file (TOML)")->required();
  auto* retry_seq = outbox_retry->add_option("--seq", outbox_seq, "The row's number (outbox list)");
  auto* retry_all = outbox_retry->add_flag("--all", outbox_all, "Every quarantined row");
  retry_seq->excludes(retry_all);
  outbox_cmd->require_subcommand(1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "newsd: " << e.what() << " (see newsd --help)\n";
    return newsd::kExitUsage;
  }

  if (*run_cmd) return newsd::RunDaemon(run);
  if (*process_cmd) {
    if (!process_now.empty()) process.now = newsd::ParseRfc3339(process_now);
    return newsd::RunProcess(process);
  }
  if (*parse_cmd) return newsd::RunParse(parse_target, parse_max_items);
  if (*article_cmd) return newsd::RunArticle(article_target, article_url);
  if (*timeline_cmd) {
    if (!since.empty()) timeline.since = newsd::ParseRfc3339(since);
    if (!until.empty()) timeline.until = newsd::ParseRfc3339(until);
    return newsd::RunTimeline(timeline);
  }
  if (*broker_cmd) return newsd::RunBroker(broker);
  if (*analyze_cmd) {
    if (!analyze_published.empty()) analyze.published = newsd::ParseRfc3339(analyze_published);
    return newsd::RunAnalyze(analyze);
  }
  if (*check_cmd) return newsd::RunCheckConfig(check_path);
  if (*check_store_cmd) return newsd::RunCheckStore(check_store_config);
  if (*outbox_list) return newsd::RunOutboxList(outbox_config, outbox_json);
  if (*outbox_retry) {
    if (!outbox_all && outbox_seq == 0) {
      std::cerr << "newsd: outbox retry needs --seq N or --all\n";
      return newsd::kExitUsage;
    }
    return newsd::RunOutboxRetry(outbox_config, outbox_all ? 0 : outbox_seq);
  }
  if (*cluster_status) return newsd::RunClusterStatus(cluster_config, cluster_json);
  if (*feeds_list) return newsd::RunFeedsList(feeds_config, feeds_json);
  if (*feeds_import) return newsd::RunFeedsImport(feeds_config, import_file);
  if (*feeds_export) return newsd::RunFeedsExport(feeds_config);
  if (*feeds_add) return newsd::RunFeedsAdd(feeds_config, feed_url, feed_name);
  if (*feeds_remove) return newsd::RunFeedsRemove(feeds_config, feed_url);
  if (*feeds_discover) return newsd::RunFeedsDiscover(discover);
  return newsd::kExitUsage;
}
