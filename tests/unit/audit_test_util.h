// Helpers for the store / import / decision / export / CLI tests: a raw SQLite connection that
// bypasses the store, generated rosters and photo batches, zip archives, CSV parsing.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <zip.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/sha256.h"
#include "ingest/importer.h"
#include "store/store.h"
#include "test_support.h"

namespace pa::test {

// The source tree: PHOTOAUDIT_FIXTURES is <src>/build/fixtures.
inline fs::path source_dir() { return fixtures_dir().parent_path().parent_path(); }

// A plain SQLite connection, independent of the store (no foreign keys, no WAL set-up).
class RawDb {
 public:
  explicit RawDb(const fs::path& path, int flags = SQLITE_OPEN_READWRITE) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "open failed";
      sqlite3_close(db_);
      throw std::runtime_error("RawDb: " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs SQL; returns the SQLite result code (the error message is kept in last_error()).
  int try_exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    last_error_ = err ? err : "";
    sqlite3_free(err);
    return rc;
  }
  void exec(const std::string& sql) {
    if (try_exec(sql) != SQLITE_OK) throw std::runtime_error("RawDb exec: " + last_error_ + " in " + sql);
  }
  // Every row of a query, each cell as text (NULL -> "<null>", blobs -> "<blob N bytes, hash H>").
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("RawDb prepare: ") + sqlite3_errmsg(db_) + " in " + sql);
    std::vector<std::vector<std::string>> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL: row.emplace_back("<null>"); break;
          case SQLITE_BLOB: {
            const char* p = static_cast<const char*>(sqlite3_column_blob(st, c));
            const std::string bytes(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
            row.emplace_back("<blob " + std::to_string(bytes.size()) + " bytes, hash " +
                             std::to_string(std::hash<std::string>{}(bytes)) + ">");
            break;
          }
          default: {
            const unsigned char* t = sqlite3_column_text(st, c);
            row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
          }
        }
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("RawDb step: ") + sqlite3_errmsg(db_));
    return out;
  }
  std::string text(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? std::string() : r[0][0];
  }
  long long num(const std::string& sql) { return std::stoll(text(sql)); }

  // The whole content, table by table in name order, rows in rowid/primary-key order.
  std::string dump() {
    std::string out;
    for (const auto& t : rows("SELECT name, sql FROM sqlite_schema ORDER BY type, name")) {
      out += "== " + t[0] + "\n" + t[1] + "\n";
      if (t[1].rfind("CREATE TABLE", 0) != 0) continue;
      for (const auto& r : rows("SELECT * FROM \"" + t[0] + "\" ORDER BY 1, 2")) {
        for (const auto& c : r) out += c + "\x1f";
        out += "\n";
      }
    }
    out += "user_version=" + text("PRAGMA user_version") + "\n";
    return out;
  }
  sqlite3* raw() { return db_; }
  const std::string& last_error() const { return last_error_; }

 private:
  sqlite3* db_ = nullptr;
  std::string last_error_;
};

// A validated-looking photo as the importer hands it to the store: the bytes, their SHA-256, a
// 480x640 JPEG's metadata and where it came from.
inline PhotoBlob photo_blob(const std::string& bytes, const std::string& file = "x.jpg") {
  PhotoBlob b;
  b.bytes = bytes;
  b.sha256 = sha256_hex(bytes);
  b.format = "jpeg";
  b.width = 480;
  b.height = 640;
  b.file_name = file;
  return b;
}

// Runs `f`, which must throw pa::UserError, and returns it.
inline UserError user_error_from(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected pa::UserError, got std::exception: " << e.what();
    return UserError("");
  }
  ADD_FAILURE() << "expected pa::UserError, nothing was thrown";
  return UserError("");
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A valid 身份证号 (GB 11643 check digit) from its first 17 digits.
inline std::string id_with_check(const std::string& first17) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * w[i];
  return first17 + "10X98765432"[sum % 11];
}

// A valid 身份证号 starting 3201... whose check character is X.
inline std::string id_ending_in_x() {
  for (int n = 0; n < 1000; ++n) {
    std::string first17 = "32010219900101" + std::to_string(100 + n);
    std::string id = id_with_check(first17);
    if (id.back() == 'X') return id;
  }
  throw std::runtime_error("no X id");
}

struct RosterRow {
  std::string student_no, name, id_number, gender, college, major, class_name, campus;
};

// Roster CSV text (UTF-8) with the Chinese headers and an extra 联系电话 column.
inline std::string roster_csv(const std::vector<RosterRow>& rows) {
  std::string csv = "学号,姓名,身份证号,性别,学院,专业,班级,校区,联系电话\r\n";
  int phone = 0;
  for (const auto& r : rows)
    csv += r.student_no + "," + r.name + "," + r.id_number + "," + r.gender + "," + r.college + "," +
           r.major + "," + r.class_name + "," + r.campus + ",1380000" + std::to_string(1000 + phone++) +
           "\r\n";
  return csv;
}

inline ImportReport run_import(AuditStore& store, const fs::path& roster, const fs::path& photos,
                               const std::string& batch = {}) {
  return import_batch(store, {roster.string(), photos.string(), batch, 2, {}, kMaxImagePixels});
}

struct ZipItem {
  std::string name;
  std::string bytes;  // ignored for directories (name ending in '/')
};

inline void make_zip(const fs::path& path, const std::vector<ZipItem>& items) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& it : items) {
    if (!it.name.empty() && it.name.back() == '/') {
      if (zip_dir_add(z, it.name.c_str(), ZIP_FL_ENC_UTF_8) < 0) throw std::runtime_error(zip_strerror(z));
      continue;
    }
    zip_source_t* src = zip_source_buffer(z, it.bytes.data(), it.bytes.size(), 0);
    if (!src || zip_file_add(z, it.name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0)
      throw std::runtime_error(zip_strerror(z));
  }
  if (zip_close(z) != 0) throw std::runtime_error(zip_strerror(z));
}

// One entry of a zip archive (an XLSX workbook read back); "<not a zip>" / "<missing NAME>".
inline std::string zip_entry(const fs::path& file, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (!z) return "<not a zip>";
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buf[8192];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
  } else {
    out = "<missing " + name + ">";
  }
  zip_close(z);
  return out;
}

// RFC 4180 CSV (as to_csv writes it) back into rows; the BOM, if any, must be stripped first.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    any = true;
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      cell += c;
    }
  }
  if (any || !cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace pa::test

namespace pa::test {

// A small audit: five students in three colleges, four with photos (2021001..2021004), 2021005
// without. Built fresh in its own temporary folder.
struct SmallAudit {
  TempDir dir;
  fs::path db = dir / "audit.db";
  fs::path roster = dir / "roster.csv";
  fs::path photos = dir / "photos";
  std::vector<RosterRow> rows;
  std::unique_ptr<AuditStore> store;
  ImportReport report;

  SmallAudit() {
    rows = {
        {"2021001", "王𠈌", id_with_check("32010219900101123"), "男", "水利水电学院", "水利水电工程", "水电2101", "南京校区"},
        {"2021002", "李堃", id_with_check("32010219900202234"), "男", "水利水电学院", "水利水电工程", "水电2101", "南京校区"},
        {"2021003", "张喆", id_with_check("32010219900303345"), "男", "计算机与软件学院", "软件工程", "软件2101", "南京校区"},
        {"2021004", "陈赟", id_with_check("32010219900404456"), "女", "计算机与软件学院", "软件工程", "软件2101", "南京校区"},
        {"2021005", "刘犇", id_with_check("32010219900505567"), "男", "商学院", "会计学", "会计2101", "常州校区"},
    };
    write_file(roster, to_gb18030(roster_csv(rows)));
    for (int i = 0; i < 4; ++i) write_file(photos / (rows[static_cast<std::size_t>(i)].student_no + ".jpg"), portrait_jpeg(i + 1));
    fs::create_directories(photos);
    store = create_store(db.string());
    report = run_import(*store, roster, photos);
  }
};

}  // namespace pa::test
