// RDF import: serd parses N-Triples or Turtle from rdf_byte_source (which rewrites RDF-star's
// quoted triples on the way), this driver expands what serd hands over (prefixed names,
// relative IRIs, datatypes) and passes each triple to rdf_graph_builder, which makes the graph
// at the end. serd is C: an exception in a callback waits until serd has returned.

#include <entente/io/rdf.hpp>

#include "io/rdf_graph.hpp"
#include "io/rdf_source.hpp"

#include <serd/serd.h>

#include <cstdarg>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace entente::io {
namespace {

using detail::rdf_node;
using detail::rdf_position;
using detail::rdf_term;

std::string_view text_of(const SerdNode* node) {
  return {reinterpret_cast<const char*>(node->buf), node->n_bytes};
}

const std::uint8_t* bytes(const std::string& text) {
  return reinterpret_cast<const std::uint8_t*>(text.c_str());
}

class serd_driver {
 public:
  serd_driver(detail::rdf_byte_source& source, detail::rdf_graph_builder& builder,
              rdf_syntax syntax)
      : source_(source),
        builder_(builder),
        env_(serd_env_new(nullptr)),
        reader_(serd_reader_new(syntax == rdf_syntax::ntriples ? SERD_NTRIPLES : SERD_TURTLE, this,
                                nullptr, &on_base, &on_prefix, &on_statement, nullptr)) {
    if (env_ == nullptr || reader_ == nullptr) throw std::bad_alloc();
    // Strict: a bad IRI or byte is an error, not something serd quietly repairs.
    serd_reader_set_strict(reader_, true);
    serd_reader_set_error_sink(reader_, &on_error, this);
  }
  serd_driver(const serd_driver&) = delete;
  serd_driver& operator=(const serd_driver&) = delete;
  ~serd_driver() {
    serd_reader_free(reader_);
    serd_env_free(env_);
  }

  void run() {
    const std::string name = source_.origin();
    SerdStatus status = serd_reader_start_source_stream(
        reader_, &detail::rdf_byte_source::read, &detail::rdf_byte_source::error, &source_,
        bytes(name), 1);  // a byte at a time: the source knows where serd stands
    while (status == SERD_SUCCESS) status = serd_reader_read_chunk(reader_);
    serd_reader_end_stream(reader_);
    // The cause first: serd's complaint about an input cut short follows it.
    if (auto failed = source_.failure()) std::rethrow_exception(failed);
    if (failure_) std::rethrow_exception(failure_);
    if (!serd_message_.empty())
      throw parse_error(source_.origin() + ": " + serd_message_, serd_at_.line, serd_at_.column);
    if (status > SERD_FAILURE) {
      const rdf_position at = source_.position();
      throw parse_error(
          source_.origin() + ": " + reinterpret_cast<const char*>(serd_strerror(status)), at.line,
          at.column);
    }
    source_.finish();
  }

 private:
  [[noreturn]] void fail(const std::string& what, rdf_position at) const {
    throw parse_error(source_.origin() + ": " + what, at.line, at.column);
  }

  /// `node` as a full IRI (a prefixed name expanded, a relative IRI resolved against the base
  /// when there is one), its text otherwise; `scratch` holds what had to be built.
  std::string_view expand(const SerdNode* node, std::string& scratch) const {
    const std::string_view text = text_of(node);
    if (node->type == SERD_CURIE) {
      SerdChunk prefix{nullptr, 0};
      SerdChunk suffix{nullptr, 0};
      if (serd_env_expand(env_, node, &prefix, &suffix) != SERD_SUCCESS)
        fail("undefined prefix in `" + std::string(text) + "`", source_.position());
      scratch.assign(reinterpret_cast<const char*>(prefix.buf), prefix.len);
      scratch.append(reinterpret_cast<const char*>(suffix.buf), suffix.len);
      return scratch;
    }
    if (node->type == SERD_URI && has_base_ && !serd_uri_string_has_scheme(node->buf)) {
      SerdNode full = serd_env_expand_node(env_, node);
      if (full.buf == nullptr) return text;
      scratch.assign(reinterpret_cast<const char*>(full.buf), full.n_bytes);
      serd_node_free(&full);
      return scratch;
    }
    return text;
  }

  /// A term of a quoted triple, expanded as `expand` does.
  std::string_view expand_quoted(const detail::rdf_quoted_term& term, std::string& scratch,
                                 rdf_position at) const {
    if (term.prefixed) {
      const SerdNode curie = serd_node_from_string(SERD_CURIE, bytes(term.text));
      SerdChunk prefix{nullptr, 0};
      SerdChunk suffix{nullptr, 0};
      if (serd_env_expand(env_, &curie, &prefix, &suffix) != SERD_SUCCESS)
        fail("undefined prefix in `" + term.text + "`", at);
      scratch.assign(reinterpret_cast<const char*>(prefix.buf), prefix.len);
      scratch.append(reinterpret_cast<const char*>(suffix.buf), suffix.len);
      return scratch;
    }
    const SerdNode iri = serd_node_from_string(SERD_URI, bytes(term.text));
    return expand(&iri, scratch);
  }

  rdf_term term(const SerdNode* node, std::string& scratch) const {
    switch (node->type) {
      case SERD_BLANK: return {rdf_node::blank, text_of(node), {}, {}};
      case SERD_LITERAL: return {rdf_node::literal, text_of(node), {}, {}};
      default: return {rdf_node::iri, expand(node, scratch), {}, {}};
    }
  }

  bool is_quoted(const rdf_term& t) const {
    return t.node == rdf_node::blank && t.text.starts_with(detail::quoted_label_prefix);
  }

  void statement(const SerdNode* s, const SerdNode* p, const SerdNode* o, const SerdNode* datatype,
                 const SerdNode* language) {
    const rdf_position at = source_.position();
    const rdf_term subject = term(s, subject_);
    const rdf_term predicate = term(p, predicate_);
    if (is_quoted(subject)) {
      if (auto quoted = source_.take_quoted(subject.text))
        fail("a quoted triple is read only as the object of a statement's occurrenceOf",
             quoted->at);
      fail("the blank node label `_:" + std::string(subject.text) +
               "` is reserved for the quoted triples the reader rewrites",
           at);
    }
    rdf_term object = term(o, object_);
    if (is_quoted(object)) {
      auto quoted = source_.take_quoted(object.text);
      if (!quoted)
        fail("the blank node label `_:" + std::string(object.text) +
                 "` is reserved for the quoted triples the reader rewrites",
             at);
      const auto qs = expand_quoted(quoted->subject, quoted_[0], quoted->at);
      const auto qp = expand_quoted(quoted->predicate, quoted_[1], quoted->at);
      const auto qo = expand_quoted(quoted->object, quoted_[2], quoted->at);
      builder_.add_quoted(subject, predicate, qs, qp, qo, quoted->at);
      return;
    }
    if (datatype != nullptr) object.datatype = expand(datatype, datatype_);
    if (language != nullptr) object.language = text_of(language);
    builder_.add(subject, predicate, object, at);
  }

  static SerdStatus on_base(void* handle, const SerdNode* uri) {
    auto& self = *static_cast<serd_driver*>(handle);
    self.has_base_ = true;
    return serd_env_set_base_uri(self.env_, uri);
  }

  static SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    return serd_env_set_prefix(static_cast<serd_driver*>(handle)->env_, name, uri);
  }

  static SerdStatus on_statement(void* handle, SerdStatementFlags /*flags*/,
                                 const SerdNode* /*graph*/, const SerdNode* subject,
                                 const SerdNode* predicate, const SerdNode* object,
                                 const SerdNode* datatype, const SerdNode* language) {
    auto& self = *static_cast<serd_driver*>(handle);
    try {
      self.statement(subject, predicate, object, datatype, language);
      return SERD_SUCCESS;
    } catch (...) {
      self.failure_ = std::current_exception();
      return SERD_ERR_BAD_ARG;  // stops the read
    }
  }

  static SerdStatus on_error(void* handle, const SerdError* error) {
    auto& self = *static_cast<serd_driver*>(handle);
    // The first complaint is the one to report; a failure of ours comes before any.
    if (!self.serd_message_.empty() || self.failure_ || self.source_.failure()) return SERD_SUCCESS;
    char text[512];
    std::va_list args;
    va_copy(args, *error->args);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    std::vsnprintf(text, sizeof text, error->fmt, args);
#pragma GCC diagnostic pop
    va_end(args);
    std::string message(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    self.serd_message_ = message.empty() ? "bad syntax" : std::move(message);
    self.serd_at_ = self.source_.position();
    return SERD_SUCCESS;
  }

  detail::rdf_byte_source& source_;
  detail::rdf_graph_builder& builder_;
  SerdEnv* env_;
  SerdReader* reader_;
  bool has_base_ = false;
  std::exception_ptr failure_;
  std::string serd_message_;
  rdf_position serd_at_;
  std::string subject_, predicate_, object_, datatype_;
  std::string quoted_[3];
};

void check_base(const rdf_read_options& opts) {
  if (opts.base.empty()) throw io_error(opts.origin + ": the base of entente's IRIs is empty");
}

}  // namespace

graph read_rdf(std::string_view text, const rdf_read_options& opts) {
  check_base(opts);
  detail::rdf_byte_source source(text, opts.syntax, opts.origin, opts.progress);
  detail::rdf_graph_builder builder(opts, opts.origin);
  serd_driver(source, builder, opts.syntax).run();
  return builder.finish();
}

graph load_rdf(const std::filesystem::path& file, rdf_read_options opts) {
  opts.origin = file.string();
  if (file.extension() == ".nt") opts.syntax = rdf_syntax::ntriples;
  if (file.extension() == ".ttl") opts.syntax = rdf_syntax::turtle;
  check_base(opts);
  detail::rdf_byte_source source(file, opts.syntax, opts.progress);
  detail::rdf_graph_builder builder(opts, opts.origin);
  serd_driver(source, builder, opts.syntax).run();
  return builder.finish();
}

}  // namespace entente::io
