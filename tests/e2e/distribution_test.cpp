// Pyodide distributions end to end, on a distribution the test builds: a
// pyodide-lock.json beside wheels with a dependency cycle, a URL file name,
// a missing wheel, a SHA-256 mismatch, a library vendored twice, a base-name
// collision, an ABI mismatch, a dependency the lock does not know and a
// non-canonical name in `depends`. Every closure figure is computed again
// here from what the test wrote (sizes of the files and modules, brotli of
// each file through the library's one-shot call) and compared with
// `report --format json`; each closure.* rule fails and passes in `check`.
#include <brotli/encode.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <map>
#include <numeric>
#include <set>

#include "support/e2e.h"
#include "support/paths.h"

namespace wasmsize {
namespace {

namespace fs = std::filesystem;
using namespace test;

// A CPython extension module (it exports PyInit_<name>) of about `padding` bytes.
Buf extension(const std::string& name, size_t padding) {
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                 section(7, vec({cat({test::name("PyInit_" + name), bytes({0x00}), uleb(0)})})),
                 section(10, vec({body({}, bytes({0x0B}))})),
                 custom_section("pad", Buf(padding, static_cast<uint8_t>(name.size())))});
}

// A shared library (no PyInit_ export); `fill` makes two of one size differ.
Buf library(size_t padding, uint8_t fill) {
  return module({section(1, vec({functype({}, {})})), section(3, vec({uleb(0)})),
                 section(10, vec({body({}, bytes({0x0B}))})),
                 custom_section("pad", Buf(padding, fill))});
}

std::string sha256_hex(const Buf& b) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(b.data(), b.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < len; ++i)
    hex += fmt::format("{:02x}", md[i]);
  return hex;
}

uint64_t one_shot_brotli(const Buf& b, int quality, int window) {
  std::vector<uint8_t> out(BrotliEncoderMaxCompressedSize(b.size()) + 64);
  size_t n = out.size();
  EXPECT_TRUE(BrotliEncoderCompress(quality, window, BROTLI_MODE_GENERIC, b.size(), b.data(), &n,
                                    out.data()));
  return n;
}

struct Wheel {
  std::string file;
  std::vector<std::pair<std::string, Buf>> modules;  // path, bytes
};

class Distribution : public ::testing::Test {
 protected:
  TempDir tmp;
  fs::path dir = tmp.path() / "dist";
  std::map<std::string, Wheel> wheels;  // by package
  std::map<std::string, Buf> files;     // by package: the file's bytes
  nlohmann::json lock;

  void SetUp() override {
    fs::create_directories(dir);
    setenv("WASMSIZE_CACHE_DIR", (tmp.path() / "cache").c_str(), 1);
    const Buf shared = library(3000, 1);
    add("app", "app-1.0-py3-none-any.whl", {}, {"numpylike", "Lib_A"});
    add("numpylike", "numpylike-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
        {{"numpylike/_core.cpython-312-wasm32-emscripten.so", extension("_core", 9000)},
         {"numpylike.libs/libshared.so", shared}},
        {"app"});  // a cycle
    add("lib-a", "lib_a-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
        {{"lib_a/_a.cpython-312-wasm32-emscripten.so", extension("_a", 500)},
         {"lib_a.libs/libshared.so", shared}},
        {});
    add("libb", "libb-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl",
        {{"libb/libcoll.so", library(800, 2)}}, {});
    add("libc", "libc-1.0-cp312-cp312-emscripten_3_1_58_wasm32.whl",
        {{"libc/libcoll.so", library(800, 3)}}, {});
    add("both", "both-1.0-py3-none-any.whl", {}, {"libb", "libc"});
    add("oldabi", "oldabi-1.0-cp312-cp312-pyodide_2023_0_wasm32.whl",
        {{"oldabi/_o.cpython-312-wasm32-emscripten.so", extension("_o", 100)}}, {});
    add("urlpkg", "urlpkg-1.0-py3-none-any.whl", {}, {});
    lock["packages"]["urlpkg"]["file_name"] =
        "https://cdn.example.org/pyodide/v0/full/urlpkg-1.0-py3-none-any.whl?v=1";
    add("needsgone", "needsgone-1.0-py3-none-any.whl", {}, {"gone", "ghost"});
    lock["packages"]["gone"] = {{"name", "gone"},
                                {"version", "1"},
                                {"file_name", "gone-1.0-py3-none-any.whl"},
                                {"sha256", std::string(64, 'a')},
                                {"depends", nlohmann::json::array()}};
    add("badsha", "badsha-1.0-py3-none-any.whl", {}, {});
    lock["packages"]["badsha"]["sha256"] = std::string(64, 'b');
    // A tests archive that no source reads: it weighs its download.
    const Buf tar(4321, 9);
    write_file(dir / "app-tests.tar", tar);
    files["app-tests"] = tar;
    lock["packages"]["app-tests"] = {{"name", "app-tests"},
                                     {"version", "1.0"},
                                     {"file_name", "app-tests.tar"},
                                     {"sha256", sha256_hex(tar)},
                                     {"depends", {"app"}}};
    lock["info"] = {{"abi_version", "2024_0"},
                    {"arch", "wasm32"},
                    {"platform", "emscripten_3_1_58"},
                    {"python", "3.12.7"},
                    {"version", "0.27.7"}};
    write_lock();
  }

  void add(const std::string& pkg, const std::string& file,
           std::vector<std::pair<std::string, Buf>> modules, std::vector<std::string> depends) {
    std::vector<ZipEntry> entries;
    for (const auto& [path, bytes] : modules)
      entries.push_back({.name = path, .data = bytes});
    const std::string py = "# " + pkg + "\n";
    entries.push_back({.name = pkg + "/__init__.py", .data = Buf(py.begin(), py.end())});
    write_zip(dir / file, entries);
    wheels[pkg] = {file, std::move(modules)};
    files[pkg] = read_file(dir / file);
    lock["packages"][pkg] = {{"name", pkg},
                             {"version", "1.0"},
                             {"file_name", file},
                             {"sha256", sha256_hex(files[pkg])},
                             {"package_type", "package"},
                             {"install_dir", "site"},
                             {"imports", {pkg}},
                             {"depends", depends}};
  }

  // A copy of the distribution as it is, to compare a later one with.
  fs::path keep_as_base() {
    const fs::path old_dir = tmp.path() / "old";
    fs::copy(dir, old_dir);
    return old_dir;
  }

  // A new numpylike release with a larger module, replacing the old wheel.
  void grow_numpylike() {
    add("numpylike", "numpylike-1.1-cp312-cp312-pyodide_2024_0_wasm32.whl",
        {{"numpylike/_core.cpython-312-wasm32-emscripten.so", extension("_core", 60000)},
         {"numpylike.libs/libshared.so", library(3000, 1)}},
        {"app"});
    fs::remove(dir / "numpylike-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl");
  }

  void write_lock() {
    const std::string text = lock.dump(2);
    write_file(dir / "pyodide-lock.json", Buf(text.begin(), text.end()));
  }

  nlohmann::json report(const std::string& extra = "") {
    const auto r = run_wasmsize("report --format json " + extra + " " + quote(dir.string()));
    EXPECT_EQ(r.status, 1) << r.err;  // the SHA-256 mismatch is an error
    return nlohmann::json::parse(r.out);
  }

  static const nlohmann::json& package(const nlohmann::json& d, const std::string& name) {
    for (const auto& p : d["packages"])
      if (p["name"] == name) return p;
    static const nlohmann::json none;
    ADD_FAILURE() << "no package " << name;
    return none;
  }

  // The closure figures, computed from what the test wrote.
  void expect_closure(const nlohmann::json& c, std::vector<std::string> members) {
    std::sort(members.begin(), members.end());
    EXPECT_EQ(c["packages"].get<std::vector<std::string>>(), members);
    uint64_t download = 0, transfer = 0, modules = 0, wasm = 0, largest = 0;
    for (const auto& m : members) {
      download += files[m].size();
      transfer += one_shot_brotli(files[m], 10, 24);
      for (const auto& [path, bytes] : wheels[m].modules) {
        ++modules;
        wasm += bytes.size();
        largest = std::max<uint64_t>(largest, bytes.size());
      }
    }
    EXPECT_EQ(c["download_size"], download);
    EXPECT_EQ(c["transfer_size"], transfer);
    EXPECT_GT(c["transfer_size_potential"].get<uint64_t>(), 0u);
    EXPECT_EQ(c["modules"], modules);
    EXPECT_EQ(c["wasm_size"], wasm);
    if (modules) {
      EXPECT_EQ(c["largest_module"]["size"], largest);
    }
    EXPECT_TRUE(c["complete"].get<bool>());
  }
};

TEST_F(Distribution, EveryClosureFigureIsWhatTheFilesAddUpTo) {
  const auto j = report();
  ASSERT_EQ(j["distributions"].size(), 1u);
  const auto& d = j["distributions"][0];
  EXPECT_EQ(d["info"]["abi_version"], "2024_0");
  EXPECT_EQ(d["packages"].size(), lock["packages"].size());
  // A cycle, and `Lib_A` found as lib-a.
  expect_closure(package(d, "app")["closure"], {"app", "numpylike", "lib-a"});
  expect_closure(package(d, "numpylike")["closure"], {"app", "numpylike", "lib-a"});
  expect_closure(package(d, "lib-a")["closure"], {"lib-a"});
  expect_closure(package(d, "both")["closure"], {"both", "libb", "libc"});
  // A URL's base name is looked up beside the lock.
  EXPECT_TRUE(package(d, "urlpkg")["present"].get<bool>());
  expect_closure(package(d, "urlpkg")["closure"], {"urlpkg"});
  // A file no source reads counts at its size, as download and transfer.
  const auto& tests = package(d, "app-tests")["closure"];
  EXPECT_EQ(tests["download_size"], files["app-tests"].size() + files["app"].size() +
                                        files["numpylike"].size() + files["lib-a"].size());
}

TEST_F(Distribution, SharedLibrariesShippedTwiceCollidingOrForAnotherAbi) {
  const auto j = report();
  const auto& d = j["distributions"][0];
  const auto& app = package(d, "app")["closure"];
  ASSERT_EQ(app["duplicate_libraries"].size(), 1u) << app.dump(1);
  EXPECT_EQ(app["duplicate_libraries"][0]["name"], "libshared.so");
  EXPECT_EQ(app["duplicate_libraries"][0]["size"], library(3000, 1).size());
  EXPECT_EQ(app["duplicate_libraries"][0]["wheels"],
            nlohmann::json({wheels["lib-a"].file, wheels["numpylike"].file}));
  EXPECT_TRUE(app["name_collisions"].empty());
  const auto& both = package(d, "both")["closure"];
  ASSERT_EQ(both["name_collisions"].size(), 1u);
  EXPECT_EQ(both["name_collisions"][0]["name"], "libcoll.so");
  EXPECT_TRUE(both["duplicate_libraries"].empty());
  EXPECT_TRUE(both["abi_mismatches"].empty()) << "emscripten_3_1_58 is the lock's platform";
  EXPECT_EQ(package(d, "oldabi")["closure"]["abi_mismatches"], nlohmann::json({"oldabi"}));
}

TEST_F(Distribution, AbsentPackagesMakeClosuresIncompleteNeverSmaller) {
  const auto r = run_wasmsize("report --format json " + quote(dir.string()));
  const auto j = nlohmann::json::parse(r.out);
  const auto& d = j["distributions"][0];
  EXPECT_FALSE(package(d, "gone")["present"].get<bool>());
  const auto& c = package(d, "needsgone")["closure"];
  EXPECT_FALSE(c["complete"].get<bool>());
  EXPECT_EQ(c["missing"], nlohmann::json({"ghost", "gone"}));
  bool named = false, mismatch = false;
  for (const auto& f : j["findings"]) {
    named = named || (f["rule"] == "input.missing-package" &&
                      f["message"].get<std::string>().find("gone") != std::string::npos);
    mismatch = mismatch || (f["rule"] == "input.sha256-mismatch" &&
                            f["message"].get<std::string>().find("'badsha'") != std::string::npos);
  }
  EXPECT_TRUE(named) << j["findings"].dump(1);
  EXPECT_TRUE(mismatch) << j["findings"].dump(1);
  // Text marks it, and says the figures are lower bounds.
  const auto text = run_wasmsize("report --width 0 --package needsgone " + quote(dir.string()));
  EXPECT_NE(text.out.find("needsgone *"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("INCOMPLETE: 2 packages without their files"), std::string::npos)
      << text.out;
}

TEST_F(Distribution, PackagesSelectedTogetherAreOneClosure) {
  const auto j = report("--package app --package both");
  const auto& sel = j["distributions"][0]["selection"];
  expect_closure(sel, {"app", "numpylike", "lib-a", "both", "libb", "libc"});
  EXPECT_EQ(sel["roots"], nlohmann::json({"app", "both"}));
  const auto plain = run_wasmsize("report --package app " + quote(wheels.begin()->second.file));
  EXPECT_EQ(plain.status, 2);
}

TEST_F(Distribution, ClosureRulesFailAndPass) {
  const fs::path budget = tmp.path() / "wasmsize.yaml";
  auto check = [&](const std::string& yaml) {
    write_file(budget, Buf(yaml.begin(), yaml.end()));
    const auto r = run_wasmsize("check --format json --budget " + quote(budget.string()) + " " +
                                quote(dir.string()));
    EXPECT_NE(r.status, 2) << yaml << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    std::vector<nlohmann::json> found;
    for (const auto& f : doc["findings"])
      if (f["rule"].get<std::string>().rfind("closure.", 0) == 0) found.push_back(f);
    return found;
  };
  const uint64_t app_download =
      files["app"].size() + files["numpylike"].size() + files["lib-a"].size();
  struct Case {
    std::string yaml;
    size_t failures;
    std::string first_module;  // the failing subject
  };
  const Case cases[] = {
      {fmt::format("version: 1\nclosure: {{max-download-size: {} B}}\noverrides:\n  - match: "
                   "\"needsgone\"\n    closure: {{max-download-size: 1 GB}}\n",
                   app_download - 1),
       3, "app"},  // app, app-tests, numpylike; not the overridden one
      {fmt::format("version: 1\nclosure: {{max-download-size: {} B}}\n", 1'000'000'000), 0, ""},
      {"version: 1\nclosure: {max-modules: 3}\n", 3, "app"},
      {"version: 1\nclosure: {max-modules: 4}\n", 0, ""},
      {"version: 1\nclosure: {max-wasm-size: 1 kB}\n", 5, "app"},
      // Padding compresses to nothing: only the tests archive, read by no
      // source and counted at its size, is over.
      {"version: 1\nclosure: {max-transfer-size: 1 kB}\n", 1, "app-tests"},
      {"version: 1\nclosure: {forbid-duplicate-libraries: true}\n", 3, "app: libshared.so"},
      {"version: 1\nclosure: {forbid-duplicate-libraries: false}\n", 0, ""},
      {"version: 1\nclosure: {forbid-name-collisions: true}\n", 1, "both: libcoll.so"},
      {"version: 1\nclosure: {require-abi-match: true}\n", 1, "oldabi: oldabi"},
  };
  for (const auto& c : cases) {
    const auto found = check(c.yaml);
    EXPECT_EQ(found.size(), c.failures) << c.yaml;
    if (!found.empty()) {
      EXPECT_EQ(found[0]["module"], c.first_module) << c.yaml;
    }
  }
  // An incomplete closure fails only when even its lower bound is over.
  const auto gone = check(
      "version: 1\nclosure: {max-modules: 0}\noverrides:\n  - match: \"*\"\n"
      "    closure: {max-modules: 100}\n  - match: \"needsgone\"\n    closure: "
      "{max-download-size: 1 B}\n");
  ASSERT_EQ(gone.size(), 1u) << nlohmann::json(gone).dump(1);
  EXPECT_NE(gone[0]["message"].get<std::string>().find("at least"), std::string::npos);
  EXPECT_NE(gone[0]["message"].get<std::string>().find("without their files: ghost, gone"),
            std::string::npos)
      << gone[0]["message"];
}

// Two locks compare package by package: a grown dependency changes every
// closure that reaches it, by its file's growth.
TEST_F(Distribution, DiffComparesClosuresByPackage) {
  const fs::path old_dir = keep_as_base();
  const uint64_t before = files["numpylike"].size();
  grow_numpylike();
  lock["packages"].erase("oldabi");
  add("newpkg", "newpkg-1.0-py3-none-any.whl", {}, {});
  write_lock();
  const auto r =
      run_wasmsize("diff --format json " + quote(old_dir.string()) + " " + quote(dir.string()));
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by;
  for (const auto& c : j["closures"])
    by[c["package"]] = c;
  const int64_t grown =
      static_cast<int64_t>(files["numpylike"].size()) - static_cast<int64_t>(before);
  ASSERT_GT(grown, 0);
  for (const char* p : {"app", "numpylike", "app-tests"}) {
    EXPECT_EQ(by[p]["status"], "changed") << p;
    EXPECT_EQ(by[p]["download_size"]["delta"], grown) << p;
  }
  EXPECT_EQ(by["lib-a"]["status"], "unchanged");
  EXPECT_EQ(by["oldabi"]["status"], "removed");
  EXPECT_EQ(by["newpkg"]["status"], "added");
  // Largest change of what is downloaded first.
  int64_t last = INT64_MAX;
  for (const auto& c : j["closures"]) {
    const int64_t t = std::abs(c["transfer_size"]["delta"].get<int64_t>());
    const int64_t w = t ? t : std::abs(c["download_size"]["delta"].get<int64_t>());
    EXPECT_LE(w, last) << c.dump();
    last = w;
  }
  const auto text = run_wasmsize("diff " + quote(old_dir.string()) + " " + quote(dir.string()));
  EXPECT_NE(text.out.find("load closures: "), std::string::npos) << text.out;
}

// init on a distribution writes closure limits that hold now, the flags
// that hold now, and Chrome's 8 MiB; check then passes.
TEST_F(Distribution, InitWritesClosureLimitsThatPass) {
  lock["packages"].erase("badsha");
  write_lock();
  const fs::path budget = tmp.path() / "wasmsize.yaml";
  const auto init = run_wasmsize("init -o " + quote(budget.string()) + " " + quote(dir.string()));
  ASSERT_EQ(init.status, 0) << init.err;
  const std::string yaml = slurp(budget);
  EXPECT_NE(yaml.find("closure:"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("max-modules: 5 "), std::string::npos) << yaml;  // 4 now, +10 %, rounded
  EXPECT_NE(yaml.find("forbid-duplicate-libraries: false"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("forbid-name-collisions: false"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("require-abi-match: false"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("max-sync-compile-size: 8 MiB"), std::string::npos) << yaml;
  const auto check =
      run_wasmsize("check --budget " + quote(budget.string()) + " " + quote(dir.string()));
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  // Neither brotli'd a stored repack: only `report` shows the potential.
  auto cached = [&](const std::string& figure) {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(tmp.path() / "cache"))
      n += e.is_regular_file() && slurp(e.path()).find(figure) != std::string::npos;
    return n;
  };
  EXPECT_GT(cached("brotli-q10-w24"), 0u);
  EXPECT_EQ(cached("stored-brotli"), 0u);
  run_wasmsize("report " + quote(dir.string()));
  EXPECT_GT(cached("stored-brotli"), 0u);
}

// growth.* with --base compares each package's closure (its download) with
// the same package's in the base distribution.
TEST_F(Distribution, GrowthRulesJudgeClosuresAgainstTheBase) {
  const fs::path old_dir = keep_as_base();
  grow_numpylike();
  lock["packages"].erase("badsha");
  write_lock();
  fs::remove(old_dir / "badsha-1.0-py3-none-any.whl");
  const fs::path budget = tmp.path() / "wasmsize.yaml";
  // Padding deflates to a few bytes: the wheel grew by little, but grew.
  const std::string yaml = "version: 1\ngrowth: {max-bytes: 1 B}\n";
  write_file(budget, Buf(yaml.begin(), yaml.end()));
  const auto r = run_wasmsize("check --format json --budget " + quote(budget.string()) +
                              " --base " + quote(old_dir.string()) + " " + quote(dir.string()));
  const auto doc = nlohmann::json::parse(r.out);
  std::set<std::string> grown;
  for (const auto& f : doc["findings"]) {
    if (f["rule"] == "growth.max-bytes" &&
        f["message"].get<std::string>().rfind("closure grew", 0) == 0) {
      grown.insert(f["module"].get<std::string>());
    }
  }
  EXPECT_EQ(grown, (std::set<std::string>{"app", "app-tests", "numpylike"})) << r.out;
}

// Every package reaching every other makes n closures of n names: the lock
// is read up to a bound, which the finding names.
TEST_F(Distribution, AHugeCyclicLockIsBounded) {
  nlohmann::json big = {{"info", nlohmann::json::object()}, {"packages", nlohmann::json::object()}};
  for (int i = 0; i < 5000; ++i) {
    const std::string name = "p" + std::to_string(i);
    big["packages"][name] = {{"file_name", name + ".whl"},
                             {"depends", {"p" + std::to_string((i + 1) % 5000)}}};
  }
  const std::string text = big.dump();
  write_file(dir / "pyodide-lock.json", Buf(text.begin(), text.end()));
  const auto r = run_wasmsize("report --allow-empty --format json " +
                              quote((dir / "pyodide-lock.json").string()));
  ASSERT_EQ(r.status, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["distributions"][0]["packages"].size(), 1000u);
  bool said = false;
  for (const auto& f : j["findings"])
    said = said || f["message"].get<std::string>().find("5000 packages, over the 1000") !=
                       std::string::npos;
  EXPECT_TRUE(said) << j["findings"].dump(1);
}

TEST_F(Distribution, AMalformedLockIsAFindingNotACrash) {
  for (const std::string text :
       {"{\"info\": 3, \"packages\": []}",
        "{\"info\": {}, \"packages\": {\"x\": {\"depends\": 7, "
        "\"file_name\": [1]}}}",
        "{\"info\": {",
        "{\"info\": {}, \"packages\": {\"x\": {\"file_name\": \"../../etc/passwd\"}}}"}) {
    write_file(dir / "pyodide-lock.json", Buf(text.begin(), text.end()));
    const auto r =
        run_wasmsize("report --allow-empty " + quote((dir / "pyodide-lock.json").string()));
    EXPECT_TRUE(r.status == 0 || r.status == 1) << text << "\n" << r.err;
    if (text.find("passwd") == std::string::npos) {
      EXPECT_NE(r.out.find("input.malformed-lock"), std::string::npos) << text << "\n" << r.out;
    } else {
      EXPECT_NE(r.out.find("input.missing-package"), std::string::npos) << r.out;  // never read
    }
  }
}

}  // namespace
}  // namespace wasmsize
