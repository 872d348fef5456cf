#include "tests/cli/browser.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli/run_cli.h"

namespace cimsim::test {
namespace fs = std::filesystem;

namespace {

// Offline, no sandbox (tests may run as root in CI), no GPU, a throw-away profile.
std::string chromium(const std::string& profile) {
  return "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
         "--disable-extensions --disable-background-networking --disable-sync "
         "--host-resolver-rules='MAP * ~NOTFOUND' --hide-scrollbars --user-data-dir='" +
         profile + "' ";
}

int shell(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string fresh(const std::string& what) {
  static int n = 0;
  return temp_dir() + "/chromium-" + what + "-" + std::to_string(n++);
}

std::string url(const std::string& path, const std::string& fragment) {
  return "file://" + fs::absolute(path).string() + (fragment.empty() ? "" : "#" + fragment);
}

}  // namespace

std::string browser_missing() {
  if (shell("command -v chromium >/dev/null 2>&1") == 0) return "";
  return "chromium is not installed: scripts/setup.sh installs it (Debian package chromium)";
}

PageLoad load_page(const std::string& path, const std::string& fragment) {
  const std::string base = fresh("load");
  PageLoad r;
  r.exit_code = shell(chromium(base + ".profile") + "--enable-logging=stderr --v=0 --dump-dom '" +
                      url(path, fragment) + "' >'" + base + ".dom' 2>'" + base + ".err'");
  r.dom = slurp(base + ".dom");
  r.log = slurp(base + ".err");
  std::istringstream in(r.log);
  for (std::string line; std::getline(in, line);)
    if (line.find(":CONSOLE") != std::string::npos) r.console.push_back(line);
  return r;
}

bool screenshot(const std::string& path, const std::string& png, int width, int height,
                const std::string& fragment) {
  const std::string base = fresh("shot");
  std::error_code ec;
  fs::remove(png, ec);
  shell(chromium(base + ".profile") + "--window-size=" + std::to_string(width) + "," +
        std::to_string(height) + " --screenshot='" + png + "' '" + url(path, fragment) +
        "' >/dev/null 2>&1");
  const std::string data = slurp(png);
  return data.size() > 8 && data.compare(1, 3, "PNG") == 0;
}

std::string attr_of(const std::string& dom, const std::string& id, const std::string& attr) {
  const size_t at = dom.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t open = dom.rfind('<', at), close = dom.find('>', at);
  const std::string tag = dom.substr(open, close - open);
  const size_t a = tag.find(" " + attr + "=\"");
  if (a == std::string::npos) return "";
  const size_t v = a + attr.size() + 3;
  return tag.substr(v, tag.find('"', v) - v);
}

std::string text_of(const std::string& dom, const std::string& id) {
  const size_t at = dom.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t close = dom.find('>', at);
  return dom.substr(close + 1, dom.find('<', close) - close - 1);
}

}  // namespace cimsim::test
