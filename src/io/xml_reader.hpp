#pragma once
// A streaming XML reader over libxml2's xmlTextReader, for the formats that read XML (GraphML):
// internal, not installed. It reads from memory or from a file a block at a time, tells a
// progress callback how many bytes it has consumed, and turns everything libxml2 reports into
// exceptions: libxml2 prints nothing, touches no network, loads no DTD and no external entity,
// and substitutes no entity; a document type that declares entities is refused outright.

#include <entente/error.hpp>
#include <entente/progress.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace entente::detail {

/// What the reader stands on.
enum class xml_node {
  element,      ///< a start tag (or an empty element, `is_empty` says which)
  end_element,  ///< the end tag of an element that was not empty
  text,         ///< character data, CDATA or white space: `value` holds it
  other,        ///< a comment, a processing instruction, a bare document type
};

/// A place in the document: 1-based line and column (in characters), 0 when unknown.
struct xml_position {
  std::size_t line = 0;
  std::size_t column = 0;
};

/// Hands out the nodes of an XML document one at a time, never holding the document whole.
/// Every error it throws starts with the origin: `parse_error` for text that is not well-formed
/// XML (with libxml2's line and column), `io_error` for a file that cannot be read or that shrank
/// while it was read.
class xml_reader {
 public:
  /// Reads `text`, which must outlive the reader; `origin` names it in errors and progress.
  xml_reader(std::string_view text, std::string origin, progress_callback progress);
  /// Reads `file` a block at a time; its path names it in errors.
  xml_reader(const std::filesystem::path& file, progress_callback progress);
  xml_reader(const xml_reader&) = delete;
  xml_reader& operator=(const xml_reader&) = delete;
  ~xml_reader();

  /// Moves to the next node; false at the end of the document.
  bool next();
  /// Moves past the current element, its content and its end tag, without handing them out (they
  /// are still checked for well-formedness); the reader then stands on what follows.
  void skip();

  [[nodiscard]] xml_node kind() const;
  /// The local name of the current element (without its prefix).
  [[nodiscard]] std::string_view local_name() const;
  /// The namespace of the current element, empty for none.
  [[nodiscard]] std::string_view namespace_uri() const;
  /// Whether the current element is written `<x/>`: no end_element follows.
  [[nodiscard]] bool is_empty() const;
  /// The value of the current element's attribute `name` that has no namespace, or nothing.
  [[nodiscard]] std::optional<std::string> attribute(const char* name) const;
  /// The text of the current text node.
  [[nodiscard]] std::string_view value() const;
  /// Where the current element's start tag ends (libxml2 parses ahead of the node it hands out,
  /// so the parser's own position is taken when it makes the element); for other nodes, where
  /// the parser stands.
  [[nodiscard]] xml_position position() const;

  [[nodiscard]] const std::string& origin() const noexcept;
  /// Throws `parse_error` "ORIGIN: what" at `at`.
  [[noreturn]] void fail(const std::string& what, xml_position at) const;
  /// Tells the progress callback that every byte has been read: its last call.
  void finish();

  struct state;

 private:
  std::unique_ptr<state> state_;
};

}  // namespace entente::detail
