# Writes a C++ source that holds the numbered migrations as strings, in order, so the binary
# carries its schema and needs no files at run time. Called with -DOUT=... -DSQL_DIR=...
# Files are named NNNN_what.sql; their sorted order is the schema's version order.
file(GLOB SQL_FILES "${SQL_DIR}/*.sql")
list(SORT SQL_FILES)
set(body "")
foreach(file IN LISTS SQL_FILES)
  file(READ "${file}" sql)
  get_filename_component(name "${file}" NAME)
  string(APPEND body "    {\"${name}\", R\"everynet_sql(${sql})everynet_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from storage/migrations/*.sql by storage/embed_sql.cmake.
#include \"storage/migrations.h\"

namespace everynet::storage {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
${body}  };
  return all;
}

}  // namespace everynet::storage
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
