// The streaming XML reader over libxml2 (see xml_reader.hpp). libxml2 reports through callbacks
// that run inside its C code, where an exception must not pass: they only take notes (the first
// error, a failed read, where each element was made), which `next` turns into exceptions once
// libxml2 has returned. Its error and node handlers are per-thread globals: a reader sets its own
// for as long as it lives, and puts the earlier ones back while the progress callback runs (which
// may use libxml2 itself) and when it goes.

#include "io/xml_reader.hpp"

#include "io/file_bytes.hpp"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include <sys/stat.h>

namespace entente::detail {

struct xml_reader::state {
  std::string origin;
  std::string task;  // for progress: "reading FILE"
  progress_callback progress;

  // The input: `text` from memory, or `file` read a block at a time.
  std::string_view text;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{nullptr, &std::fclose};
  std::filesystem::path path;
  std::uintmax_t size = 0;      // bytes expected: the text's, or the file's when it was opened
  std::uintmax_t consumed = 0;  // bytes handed to libxml2
  std::uintmax_t reported = 0;  // `consumed` when progress was last told
  std::string read_failure;     // why the file could not be read
  bool shrank = false;          // the file ended before `size`

  // The first error libxml2 reported.
  bool failed = false;
  int error_code = 0;
  std::string error;
  xml_position error_at;

  xmlTextReaderPtr reader = nullptr;
  int replayed = -1;  // what `skip` left for `next` to return, or -1
  xml_node kind = xml_node::other;

  // libxml2's handlers on this thread before the reader set its own, while it has them set.
  struct {
    xmlGenericErrorFunc generic;
    void* generic_context;
    xmlStructuredErrorFunc structured;
    void* structured_context;
    xmlRegisterNodeFunc register_node;
    state* making;
  } earlier{};
  bool handlers_set = false;

  state() = default;
  state(const state&) = delete;
  state& operator=(const state&) = delete;
  ~state();
};

namespace {

// ---- libxml2's callbacks ---------------------------------------------------------------------

int read_input(void* context, char* buffer, int len) {
  auto& s = *static_cast<xml_reader::state*>(context);
  if (len <= 0) return 0;
  const auto wanted = static_cast<std::size_t>(len);
  std::size_t got = 0;
  if (!s.file) {
    got = std::min<std::size_t>(wanted, s.text.size() - s.consumed);
    std::memcpy(buffer, s.text.data() + s.consumed, got);
  } else {
    got = std::fread(buffer, 1, wanted, s.file.get());
    if (got == 0 && std::ferror(s.file.get())) {
      s.read_failure = std::strerror(errno);
      return -1;
    }
    // Its last element would pass for the document's end, or for a truncated one.
    if (got == 0 && s.consumed < s.size) {
      s.shrank = true;
      return -1;
    }
  }
  s.consumed += got;
  return static_cast<int>(got);
}

void keep_error(void* context, xmlErrorPtr e) {
  auto& s = *static_cast<xml_reader::state*>(context);
  // Warnings (a namespace name that is not an absolute URI, ...) do not stop the reading.
  if (e == nullptr || e->level < XML_ERR_ERROR || s.failed) return;
  s.failed = true;
  s.error_code = e->code;
  s.error = e->message != nullptr ? e->message : "malformed XML";
  while (!s.error.empty() && (s.error.back() == '\n' || s.error.back() == ' ')) s.error.pop_back();
  s.error_at = {e->line > 0 ? static_cast<std::size_t>(e->line) : 0,
                e->int2 > 0 ? static_cast<std::size_t>(e->int2) : 0};
}

// libxml2 sends some messages (I/O, encodings) through its generic handler alone; keep_error
// hears the ones that matter, so this one only keeps them off stderr.
void ignore_message(void*, const char*, ...) {}

thread_local xml_reader::state* making = nullptr;  // the reader whose parser runs on this thread

static_assert(sizeof(std::uintptr_t) >= 8, "a node's line and column are packed in a pointer");

/// Notes, in an element libxml2 has just made, where the parser stands: the end of its start tag.
void remember_position(xmlNodePtr node) {
  if (node->type != XML_ELEMENT_NODE || making == nullptr || making->reader == nullptr) return;
  const auto line = static_cast<std::uint32_t>(xmlTextReaderGetParserLineNumber(making->reader));
  const auto column =
      static_cast<std::uint32_t>(xmlTextReaderGetParserColumnNumber(making->reader));
  node->_private =
      reinterpret_cast<void*>((static_cast<std::uintptr_t>(line) << 32) | std::uintptr_t{column});
}

/// Readies libxml2 once for the process, before any of its globals is read. Registering a node
/// callback also switches on, for the process, the calls libxml2 makes for each node; setting the
/// per-thread callback alone afterwards writes no shared state.
void initialise_libxml() {
  static const bool ready = [] {
    xmlInitParser();
    xmlRegisterNodeDefault(xmlRegisterNodeDefaultValue);
    return true;
  }();
  (void)ready;
}

/// Gives `s` libxml2's handlers on this thread: its errors go to the reader's notes and nowhere
/// else, and the elements it makes get their positions.
void set_handlers(xml_reader::state& s) {
  if (s.handlers_set) return;
  initialise_libxml();
  s.earlier = {xmlGenericError,           xmlGenericErrorContext,      xmlStructuredError,
               xmlStructuredErrorContext, xmlRegisterNodeDefaultValue, making};
  xmlSetGenericErrorFunc(&s, &ignore_message);
  xmlSetStructuredErrorFunc(&s, &keep_error);
  xmlRegisterNodeDefaultValue = &remember_position;
  making = &s;
  s.handlers_set = true;
}

/// Puts back the handlers that were there before `set_handlers`.
void restore_handlers(xml_reader::state& s) {
  if (!s.handlers_set) return;
  making = s.earlier.making;
  xmlRegisterNodeDefaultValue = s.earlier.register_node;
  xmlSetStructuredErrorFunc(s.earlier.structured_context, s.earlier.structured);
  xmlSetGenericErrorFunc(s.earlier.generic_context, s.earlier.generic);
  s.handlers_set = false;
}

/// Tells `s`'s progress callback `done` of `total`, with libxml2's handlers as the caller had them.
void tell_progress(xml_reader::state& s, std::uintmax_t done, std::uintmax_t total) {
  restore_handlers(s);
  s.progress({s.task, done, total});
  set_handlers(s);
}

// No network, no DTD loaded, no entity substituted (XML_PARSE_NOENT stays off), CDATA as text;
// libxml2's limits on names, text nodes and entity expansion stay on (no XML_PARSE_HUGE).
constexpr int parse_options = XML_PARSE_NONET | XML_PARSE_NOCDATA;

}  // namespace

// ---- the reader ------------------------------------------------------------------------------

namespace {

void open_reader(xml_reader::state& s) {
  set_handlers(s);
  s.reader = xmlReaderForIO(&read_input, nullptr, &s, nullptr, nullptr, parse_options);
  if (s.reader == nullptr) {
    if (!s.read_failure.empty()) throw io_error("cannot read " + s.origin + ": " + s.read_failure);
    throw parse_error(s.origin + ": " + (s.failed ? s.error : "cannot start reading the XML"),
                      s.error_at.line, s.error_at.column);
  }
  xmlTextReaderSetStructuredErrorHandler(s.reader, &keep_error, &s);
}

}  // namespace

xml_reader::xml_reader(std::string_view text, std::string origin, progress_callback progress)
    : state_(std::make_unique<state>()) {
  auto& s = *state_;
  s.origin = std::move(origin);
  s.task = "reading " + s.origin;
  s.progress = std::move(progress);
  s.text = text;
  s.size = text.size();
  open_reader(s);
}

xml_reader::xml_reader(const std::filesystem::path& file, progress_callback progress)
    : state_(std::make_unique<state>()) {
  auto& s = *state_;
  s.origin = file.string();
  s.task = "reading " + file.filename().string();
  s.progress = std::move(progress);
  s.path = file;
  s.file.reset(std::fopen(file.c_str(), "rb"));
  if (!s.file) throw io_error("cannot open " + s.origin + ": " + std::strerror(errno));
  // The size of the file opened, not of whatever the name holds by now; 0 where there is none.
  struct stat st {};
  if (::fstat(::fileno(s.file.get()), &st) == 0 && S_ISREG(st.st_mode))
    s.size = static_cast<std::uintmax_t>(st.st_size);
  if (S_ISDIR(st.st_mode)) throw io_error("cannot read " + s.origin + ": is a directory");
  open_reader(s);
}

xml_reader::state::~state() {
  if (reader != nullptr) {
    set_handlers(*this);
    xmlFreeTextReader(reader);
  }
  restore_handlers(*this);
}

xml_reader::~xml_reader() = default;

namespace {

/// Turns what libxml2 noted during a call that returned `result` into an exception.
void check(const xml_reader::state& s, int result) {
  if (!s.read_failure.empty()) throw io_error("cannot read " + s.origin + ": " + s.read_failure);
  if (s.shrank) ended_early(s.path, s.consumed, s.size);
  if (s.failed && s.error_code == XML_ERR_DOCUMENT_END) {
    // libxml2's reader says "Extra content at the end of the document" also when the text ends
    // before the root element does.
    throw parse_error(s.origin + ": malformed XML: " +
                          (s.consumed == 0 ? "the document is empty"
                                           : "the document ends before its root element does, "
                                             "or goes on after it"),
                      s.error_at.line, s.error_at.column);
  }
  if (s.failed)
    throw parse_error(s.origin + ": malformed XML: " + s.error, s.error_at.line, s.error_at.column);
  if (result < 0) throw parse_error(s.origin + ": malformed XML");
}

}  // namespace

bool xml_reader::next() {
  auto& s = *state_;
  int result = std::exchange(s.replayed, -1);
  if (result < 0) result = xmlTextReaderRead(s.reader);
  check(s, result);
  if (s.progress && s.consumed - s.reported >= (std::uintmax_t{1} << 16)) {
    s.reported = s.consumed;
    tell_progress(s, s.consumed, std::max(s.size, s.consumed));
  }
  if (result == 0) return false;
  switch (xmlTextReaderNodeType(s.reader)) {
    case XML_READER_TYPE_ELEMENT: s.kind = xml_node::element; break;
    case XML_READER_TYPE_END_ELEMENT: s.kind = xml_node::end_element; break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: s.kind = xml_node::text; break;
    case XML_READER_TYPE_ENTITY_REFERENCE: {
      const auto* name = xmlTextReaderConstName(s.reader);
      fail(std::string("the entity reference &") + reinterpret_cast<const char*>(name) +
               "; cannot be read: entente expands no entity but XML's own (&amp; &lt; &gt; "
               "&quot; &apos;) and character references",
           position());
    }
    case XML_READER_TYPE_DOCUMENT_TYPE: {
      // A document that declares entities could expand them past any size or read them from
      // files: refused before its first element is read.
      auto* dtd = reinterpret_cast<xmlDtdPtr>(xmlTextReaderCurrentNode(s.reader));
      if (dtd != nullptr && (dtd->entities != nullptr || dtd->pentities != nullptr))
        fail(
            "the document type declares entities, which entente does not read (they could "
            "expand past any size or read other files)",
            position());
      s.kind = xml_node::other;
      break;
    }
    default: s.kind = xml_node::other; break;
  }
  return true;
}

void xml_reader::skip() {
  auto& s = *state_;
  s.replayed = xmlTextReaderNext(s.reader);
  // A failure shows when `next` hands out what follows.
  if (s.replayed < 0 || s.failed || !s.read_failure.empty() || s.shrank) {
    check(s, s.replayed < 0 ? -1 : 0);
  }
}

xml_node xml_reader::kind() const { return state_->kind; }

namespace {
std::string_view text_of(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}
}  // namespace

std::string_view xml_reader::local_name() const {
  return text_of(xmlTextReaderConstLocalName(state_->reader));
}

std::string_view xml_reader::namespace_uri() const {
  return text_of(xmlTextReaderConstNamespaceUri(state_->reader));
}

bool xml_reader::is_empty() const { return xmlTextReaderIsEmptyElement(state_->reader) == 1; }

std::optional<std::string> xml_reader::attribute(const char* name) const {
  xmlChar* value =
      xmlTextReaderGetAttribute(state_->reader, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return std::nullopt;
  std::string text(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return text;
}

std::string_view xml_reader::value() const {
  return text_of(xmlTextReaderConstValue(state_->reader));
}

xml_position xml_reader::position() const {
  auto* node = xmlTextReaderCurrentNode(state_->reader);
  if (node != nullptr && node->type == XML_ELEMENT_NODE && node->_private != nullptr) {
    auto packed = reinterpret_cast<std::uintptr_t>(node->_private);
    return {static_cast<std::size_t>(packed >> 32), static_cast<std::size_t>(packed & 0xFFFFFFFFu)};
  }
  return {
      static_cast<std::size_t>(std::max(0, xmlTextReaderGetParserLineNumber(state_->reader))),
      static_cast<std::size_t>(std::max(0, xmlTextReaderGetParserColumnNumber(state_->reader)))};
}

const std::string& xml_reader::origin() const noexcept { return state_->origin; }

void xml_reader::fail(const std::string& what, xml_position at) const {
  throw parse_error(state_->origin + ": " + what, at.line, at.column);
}

void xml_reader::finish() {
  auto& s = *state_;
  if (!s.progress) return;
  const auto total = std::max(s.size, s.consumed);
  tell_progress(s, total, total);
}

}  // namespace entente::detail
