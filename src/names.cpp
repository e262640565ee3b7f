// temporary: replaced by the ICU implementation
#include <entente/names.hpp>
#include <unordered_map>
namespace entente {
std::string name_key(std::string_view n) { return std::string(n); }
std::string latin_name_key(std::string_view n) { return std::string(n); }
struct name_index::impl { std::unordered_map<std::string, std::vector<entity_index>> m; };
name_index::name_index() : impl_(std::make_unique<impl>()) {}
name_index::~name_index() = default;
name_index::name_index(name_index&&) noexcept = default;
name_index& name_index::operator=(name_index&&) noexcept = default;
void name_index::add(std::string_view n, entity_index e) { impl_->m[std::string(n)].push_back(e); }
std::vector<entity_index> name_index::find(std::string_view n) const { auto it = impl_->m.find(std::string(n)); return it == impl_->m.end() ? std::vector<entity_index>{} : it->second; }
std::vector<std::string> name_index::suggest(std::string_view, std::size_t) const { return {}; }
std::size_t name_index::size() const noexcept { return impl_->m.size(); }
}
