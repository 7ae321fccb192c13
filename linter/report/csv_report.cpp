// `report --format csv`: one row per module, for spreadsheets and for
// `sort`/`awk`: plain integers (bytes), RFC 4180 quoting, no totals row.
// Names are neutralised as base::for_csv says (no formulas, no controls).
#include "base/escape.h"
#include "report/formats.h"

namespace wasmsize::report {

namespace {

std::string csv_field(std::string_view s) {
  return base::for_csv(s);
}

void write_report_csv(const ReportResult& r, const Style&, std::ostream& out) {
  out << "artifact,module,path,size,compressed_size,code_size,data_size,custom_size,other_size,"
         "duplicated_size,functions,imports,exports,error\n";
  for (const auto& a : r.run.artifacts) {
    for (const auto* m : ordered_modules(a, r.view)) {
      out << csv_field(a.path) << ',' << csv_field(m->name) << ',' << csv_field(m->path) << ','
          << m->size << ',' << m->compressed_size << ',' << m->code_size << ',' << m->data_size
          << ',' << m->custom_size << ',' << m->other_size << ',' << m->duplicated_size << ','
          << m->function_count << ',' << m->import_count << ',' << m->export_count << ','
          << csv_field(m->error ? m->error->message : "") << '\n';
    }
  }
}

}  // namespace

extern const Format<ReportResult> kReportCsv{.name = "csv", .write = write_report_csv};

}  // namespace wasmsize::report
