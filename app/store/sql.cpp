#include "store/sql.h"

namespace pa::sql {

std::int64_t Db::scalar(std::string_view sql) {
  Stmt st(*this, sql);
  return st.step() ? st.i64(0) : 0;
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
