// Digests every source needs: RECORD-style SHA-256 and the deflated size a
// zip would store.
#include <openssl/evp.h>
#include <zlib.h>

#include <array>

#include "sources/source.h"

namespace wasmsize::sources {

std::string record_digest(std::span<const uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string b64(4 * ((len + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), md, static_cast<int>(len));
  b64.resize(static_cast<size_t>(n));
  for (char& c : b64)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b64.empty() && b64.back() == '=')
    b64.pop_back();
  return b64;
}

uint64_t deflated_size(std::span<const uint8_t> bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  std::array<uint8_t, 1 << 16> out;
  uint64_t total = 0;
  zs.next_in = const_cast<Bytef*>(bytes.data());
  int rc = Z_OK;
  size_t fed = 0;
  do {
    // zlib's avail_in is 32-bit: feed large inputs in pieces.
    if (zs.avail_in == 0 && fed < bytes.size()) {
      const size_t piece = std::min<size_t>(bytes.size() - fed, 1u << 30);
      zs.next_in = const_cast<Bytef*>(bytes.data() + fed);
      zs.avail_in = static_cast<uInt>(piece);
      fed += piece;
    }
    zs.next_out = out.data();
    zs.avail_out = out.size();
    rc = deflate(&zs, fed == bytes.size() ? Z_FINISH : Z_NO_FLUSH);
    total += out.size() - zs.avail_out;
  } while (rc == Z_OK || rc == Z_BUF_ERROR);
  deflateEnd(&zs);
  return total;
}

}  // namespace wasmsize::sources
