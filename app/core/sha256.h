#pragma once

#include <string>
#include <string_view>

namespace pa {

// Lower-case hex SHA-256 of the bytes (OpenSSL EVP).
std::string sha256_hex(std::string_view bytes);

}  // namespace pa
