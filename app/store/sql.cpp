#include "store/sql.h"

namespace pa::sql {

std::int64_t Db::scalar(std::string_view sql) {
  Stmt st(*this, sql);
  return st.step() ? st.i64(0) : 0;
}

void Db::insert_rows(std::string_view table, const std::vector<std::string>& columns, const std::vector<Row>& rows) {
  if (rows.empty()) return;
  std::string sql = "INSERT INTO " + std::string(table) + " (", values;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    sql += (k ? ", " : "") + columns[k];
    values += (k ? ", ?" : "?") + std::to_string(k + 1);
  }
  sql += ") VALUES (" + values + ")";
  const auto ins = prepare(sql);  // (a file prepares in microseconds: not worth a cache to go stale)
  for (const Row& r : rows) {
    for (std::size_t k = 0; k < r.size(); ++k) {
      const int i = static_cast<int>(k + 1);
      switch (r[k].kind) {
        case Cell::Kind::null: ins->bind_null(i); break;
        case Cell::Kind::i64: ins->bind_i64(i, r[k].i); break;
        case Cell::Kind::text: ins->bind_text(i, r[k].s); break;
        case Cell::Kind::blob: ins->bind_blob(i, r[k].s); break;
      }
    }
    while (ins->step()) {
    }
    ins->reset();
  }
}

std::string codes_in_catalog_order(Dialect d, std::string_view table, std::string_view owner_column,
                                   std::string_view owner, bool json) {
  const std::string from = std::string(" FROM ") + std::string(table) +
                           " x JOIN reasons rs ON rs.code = x.code WHERE x." + std::string(owner_column) +
                           " = " + std::string(owner);
  if (d == Dialect::postgresql)
    return json ? "(SELECT COALESCE(json_agg(x.code ORDER BY rs.ord), '[]')::text" + from + ")"
                : "(SELECT string_agg(x.code, ',' ORDER BY rs.ord)" + from + ")";
  // SQLite (3.40, Debian 12) has no ORDER BY inside an aggregate: a sorted subquery feeds it.
  return std::string("(SELECT ") + (json ? "json_group_array(code)" : "group_concat(code, ',')") +
         " FROM (SELECT x.code" + from + " ORDER BY rs.ord))";
}

}  // namespace pa::sql
