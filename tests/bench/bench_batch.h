// The import benchmarks' batch: n 480x640 real-portrait JPEGs and a GB18030 roster, generated
// once into build/bench-data/ (not timed), shared by the file and the server import benchmarks.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "test_support.h"

namespace pa::bench {

namespace fs = std::filesystem;
using pa::test::write_file;

struct Batch {
  fs::path roster, photos;
};

inline const Batch& batch_of(int n) {
  static std::map<int, Batch> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  const fs::path dir = pa::test::fixtures_dir().parent_path() / "bench-data" / ("import" + std::to_string(n));
  Batch b{dir / "roster.csv", dir / "photos"};
  if (!fs::exists(dir / "complete")) {
    fs::remove_all(dir);
    std::string csv = "学号,姓名,身份证号,学院,专业,班级,校区\n";
    for (int i = 0; i < n; ++i) {
      const std::string no = "2021" + std::to_string(100000 + i);
      csv += no + ",学生" + std::to_string(i) + ",,学院" + std::to_string(i % 12) + ",专业,班级,南京校区\n";
      write_file(b.photos / (no + ".jpg"), pa::test::portrait_jpeg(i + 1, 88));
    }
    write_file(b.roster, pa::test::to_gb18030(csv));
    write_file(dir / "complete", "");
  }
  return cache.emplace(n, b).first->second;
}

}  // namespace pa::bench
