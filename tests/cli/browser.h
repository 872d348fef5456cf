#pragma once
// Loads a page in Debian's chromium, headless and offline (every host name resolves to
// nothing), to check what a user's browser would show: the DOM after the page's own script ran,
// every console message, and a screenshot. scripts/setup.sh installs chromium.
#include <string>
#include <vector>

namespace cimsim::test {

struct PageLoad {
  int exit_code = -1;
  std::string dom;                   // --dump-dom: the document after its scripts ran
  std::vector<std::string> console;  // console messages and uncaught errors, one per line
  std::string log;                   // chromium's stderr, for failure messages
};

// Empty when chromium is on PATH, else what to do about it.
std::string browser_missing();

// `url` is a file path (optionally with #fragment); loads it with a fresh profile.
PageLoad load_page(const std::string& path, const std::string& fragment = "");

// Screenshot of the page's first width x height pixels into `png`; true when written.
bool screenshot(const std::string& path, const std::string& png, int width, int height,
                const std::string& fragment = "");

// The value of attribute `attr` of the element with id `id` in `dom` ("" when absent), and the
// element's text up to its first child tag.
std::string attr_of(const std::string& dom, const std::string& id, const std::string& attr);
std::string text_of(const std::string& dom, const std::string& id);

}  // namespace cimsim::test
