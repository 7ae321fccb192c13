// Every rule's factory, one per file under rules/<section>/.
// registry.cpp lists them; a new rule is a new file plus one line there.
#pragma once

#include "rules/rule.h"

namespace wasmsize::rules {

Rule module_max_size();
Rule module_max_compressed_size();
Rule module_max_code_size();
Rule module_max_data_size();
Rule module_code_data_ratio();
Rule module_max_functions();
Rule module_max_function_size();
Rule module_max_imports();
Rule module_max_exports();
Rule module_max_custom_size();
Rule module_forbid_custom_sections();
Rule module_allowed_needed();
Rule module_forbid_features();
Rule module_max_transfer_size();
Rule module_max_export_size();
Rule module_max_sync_compile_size();

Rule artifact_max_size();
Rule artifact_max_uncompressed_size();
Rule artifact_forbid_files();
Rule artifact_verify_record();
Rule artifact_max_transfer_size();

Rule duplicates_max_bytes();
Rule duplicates_max_ratio();
Rule duplicates_max_file_bytes();

Rule growth_max_bytes();
Rule growth_max_ratio();

Rule closure_max_transfer_size();
Rule closure_max_download_size();
Rule closure_max_modules();
Rule closure_max_wasm_size();
Rule closure_forbid_duplicate_libraries();
Rule closure_forbid_name_collisions();
Rule closure_require_abi_match();

}  // namespace wasmsize::rules
