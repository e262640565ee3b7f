// Fuzzes the snapshot reader (io/archive.hpp). The first byte says what the rest is: its low two
// bits 0, 1 or 2 make the rest the payload of a binary, text or XML snapshot, behind a header
// made here with the right size and checksums (so the fuzzer reaches the payload's parser and
// not just the checksum), of format version 1, 2 or 3 by the next two bits (0 is this build's
// version, `io::archive_version`, so that what only it holds, list attributes, is reached); 3 makes
// the rest a whole file, header and all. A snapshot that reads must write the same bytes again
// after a round trip: the same graph always gives the same bytes.

#include "fuzz.hpp"

#include <entente/io/archive.hpp>

#include <array>
#include <optional>
#include <string>

namespace {

/// CRC-32 as zlib computes it, a bit at a time: inputs are small.
std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

void put_le(std::string& out, std::size_t at, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

/// A snapshot header (see src/io/archive.cpp) in front of `payload`.
std::string snapshot(std::uint32_t kind, std::uint32_t version, std::string_view payload) {
  std::string out(32, '\0');
  out.replace(0, 8, "\x89KGA\r\n\x1a\n", 8);
  put_le(out, 8, version, 4);
  put_le(out, 12, kind, 4);
  put_le(out, 16, payload.size(), 8);
  put_le(out, 24, crc32(payload), 4);
  put_le(out, 28, crc32(std::string_view(out).substr(0, 28)), 4);
  out.append(payload);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  if (size == 0) return 0;
  const unsigned kind = data[0] & 3u;
  const unsigned version = (data[0] >> 2) & 3u;
  auto rest = fuzzing::text(data + 1, size - 1);
  const std::string bytes =
      kind == 3 ? std::string(rest)
                : snapshot(kind, version == 0 ? io::archive_version : version, rest);

  std::optional<graph> g;
  try {
    g = io::read_archive(bytes);
  } catch (const error&) {
    return 0;
  }
  constexpr std::array formats{io::archive_format::binary, io::archive_format::text,
                               io::archive_format::xml};
  for (auto format : formats) {
    try {
      auto written = io::write_archive(*g, format);
      auto again = io::write_archive(io::read_archive(written), format);
      if (again != written) fuzzing::broken("a snapshot written again gives the same bytes");
    } catch (const error& e) {
      fuzzing::broken("a graph read from a snapshot writes and reads back", e.what());
    }
  }
  return 0;
}
