// json.cpp — the govgraph JSON file format (docs/format.md) on nlohmann/json.
//
// The reader turns a document into one Batch (so ids may refer forward and the load is
// all-or-nothing) with a JSON pointer as the `where` of every spec; the writer emits keys in a
// fixed order so that output is deterministic.
#include "govgraph/io/json.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "govgraph/error.hpp"
#include "govgraph/log.hpp"
#include "store.hpp"
#include "validate.hpp"
#include <spdlog/spdlog.h>

namespace govgraph {
namespace {

using json = nlohmann::ordered_json;

/// `s` as quoted in a message: whole if short, else cut (validate.hpp's shown(), shared with the
/// model's messages: its first 60 bytes, on a UTF-8 boundary, then "…(N characters)").
std::string cut(std::string_view s) { return detail::shown(s); }

/// A key as a JSON pointer token (RFC 6901: ~ and / escaped), cut like any quoted text.
std::string tok(std::string_view key) { return detail::pointer_token(cut(key)); }

/// A JSON pointer as a message shows it; the whole document is "the top level".
std::string show(const std::string& pointer) { return pointer.empty() ? "the top level" : pointer; }

/// 1-based line and column (in bytes) of byte `offset` of `text`.
std::string line_col(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

/// A character iterator over the text that records how far the parser has read, so that an
/// error found while parsing can name its line and column.
struct Cursor {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p = nullptr;
  const char** seen = nullptr;
  reference operator*() const { return *p; }
  Cursor& operator++() {
    *seen = ++p;
    return *this;
  }
  Cursor operator++(int) {
    Cursor c = *this;
    ++*this;
    return c;
  }
  bool operator==(const Cursor& o) const { return p == o.p; }
  bool operator!=(const Cursor& o) const { return p != o.p; }
};

/// Parses JSON text into a tree (nlohmann's SAX interface; its parser is not recursive) and
/// refuses, while parsing, what no govgraph document holds and what could make reading it
/// unsafe or inexact: nesting deeper than kMaxNesting (so nothing later recurses deeper, and no
/// deep tree is ever built), a key given twice in one object, an integer beyond 64 bits and a
/// number beyond the range of a double. Errors name the JSON pointer and the line and column.
class Parser {
 public:
  Parser(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  json parse() {
    seen_ = text_.data();
    Cursor first{text_.data(), &seen_};
    Cursor last{text_.data() + text_.size(), &seen_};
    const bool ok = json::sax_parse(first, last, this, json::input_format_t::json, true, false);
    if (!ok || error_) {
      if (error_) throw *error_;
      throw FormatError("parse_error", source_ + ": malformed JSON");  // not reached
    }
    return std::move(root_);
  }

  // The SAX interface.
  bool null() { return put(json(nullptr)); }
  bool boolean(bool b) { return put(json(b)); }
  bool number_integer(std::int64_t v) { return put(json(v)); }
  bool number_unsigned(std::uint64_t v) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return number_error(std::to_string(v));
    return put(json(v));
  }
  bool number_float(double v, const std::string& raw) {
    // nlohmann reads an integer that does not fit 64 bits as a double; refuse it instead.
    if (raw.find_first_of(".eE") == std::string::npos) return number_error(raw);
    return put(json(v));
  }
  bool string(std::string& s) { return put(json(std::move(s))); }
  bool binary(json::binary_t&) { return put(json(nullptr)); }  // not in JSON text
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    Frame& f = stack_.back();
    const auto& o = f.value->get_ref<const json::object_t&>();
    bool twice = false;
    if (f.keys.empty() && o.size() < 16) {
      for (const auto& kv : o) twice |= kv.first == k;
    } else {
      if (f.keys.empty())
        for (const auto& kv : o) f.keys.insert(kv.first);
      twice = !f.keys.insert(k).second;
    }
    if (twice)
      return refuse(FormatError("duplicate_key",
                                at(key_start(), container_pointer() + "/" + tok(k)) + "key '" + cut(k) +
                                    "' is given twice in one object (a JSON object's keys are unique)"));
    f.key = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token, const json::exception& e) {
    if (e.id == 406)  // a number beyond the range of a double (1e400)
      return number_error(last_token);
    std::string msg = e.what();
    if (auto pos = msg.find("] "); pos != std::string::npos) msg = msg.substr(pos + 2);
    // The token nlohmann quotes ("last read: '...'") may be a whole long string: cut it.
    if (auto pos = msg.find("; last read: '"); pos != std::string::npos) {
      const std::size_t from = pos + 14;
      const std::size_t to = msg.rfind('\'');
      if (to != std::string::npos && to >= from)
        msg = msg.substr(0, from) + cut(std::string_view(msg).substr(from, to - from)) + msg.substr(to);
    }
    // nlohmann reports the byte after the offending one.
    const std::size_t byte = position == 0 ? 0 : position - 1;
    const std::string in = container_pointer();  // "": the top level, or nothing read yet
    return refuse(FormatError("parse_error", source_ + ":" + line_col(text_, byte) + ": malformed JSON" +
                                                 (in.empty() ? std::string() : " in " + in) + ": " + msg));
  }

 private:
  struct Frame {
    json* value;                           // the array or object being read
    std::size_t count = 0;                 // array: its elements so far
    std::string key;                       // object: the key of the value being read
    std::unordered_set<std::string> keys;  // object: its keys, once it has many
  };

  /// The pointer of the innermost open array or object.
  [[nodiscard]] std::string container_pointer() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) p += token(stack_[i], true);
    return p;
  }
  /// The pointer of the value about to be read.
  [[nodiscard]] std::string next_pointer() const {
    if (stack_.empty()) return {};
    return container_pointer() + token(stack_.back(), false);
  }
  /// The token of frame `f`'s current child: one already placed, or the one about to be read.
  static std::string token(const Frame& f, bool placed) {
    std::string t(1, '/');
    if (!f.value->is_array()) return t += tok(f.key);
    const std::size_t i = placed && f.count > 0 ? f.count - 1 : f.count;
    return t += std::to_string(i);
  }

  bool put(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      f.value->get_ref<json::array_t&>().push_back(std::move(v));
      ++f.count;
    } else {
      // Append without the ordered map's linear search: the key is known to be new.
      auto& o = f.value->get_ref<json::object_t&>();
      static_cast<json::object_t::Container&>(o).emplace_back(f.key, std::move(v));
    }
    return true;
  }
  json* last_placed() {
    if (stack_.empty()) return &root_;
    Frame& f = stack_.back();
    if (f.value->is_array()) return &f.value->get_ref<json::array_t&>().back();
    return &static_cast<json::object_t::Container&>(f.value->get_ref<json::object_t&>()).back().second;
  }
  bool open(json&& container) {
    if (stack_.size() >= kMaxNesting)
      return refuse(FormatError("too_deep", at(seen_offset() - 1, next_pointer()) +
                                                "arrays and objects nested more than " +
                                                std::to_string(kMaxNesting) +
                                                " levels deep (a govgraph document needs at most 7)"));
    put(std::move(container));
    json* c = last_placed();
    stack_.push_back(Frame{c, 0, {}, {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  bool number_error(const std::string& raw) {
    return refuse(FormatError("out_of_range", at(number_start(), next_pointer()) + "the number " + cut(raw) +
                                                  " is out of range (integers must lie between -2^63 "
                                                  "and 2^63-1, other numbers within about ±1.8e308)"));
  }
  /// "source:line:column at pointer: ", the place of an error found while parsing.
  [[nodiscard]] std::string at(std::size_t offset, const std::string& pointer) const {
    return source_ + ":" + line_col(text_, offset) + " at " + show(pointer) + ": ";
  }
  bool refuse(FormatError e) {
    error_.emplace(std::move(e));
    return false;
  }

  [[nodiscard]] std::size_t seen_offset() const { return static_cast<std::size_t>(seen_ - text_.data()); }
  /// The first byte of the number just read (the parser has read one character past it, unless
  /// it ended the text).
  [[nodiscard]] std::size_t number_start() const {
    auto in_number = [](char c) {
      return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    std::size_t i = seen_offset();
    if (i > 0 && !in_number(text_[i - 1])) --i;
    while (i > 0 && in_number(text_[i - 1])) --i;
    return i;
  }
  /// The opening quote of the key just read (the parser stopped at its closing quote).
  [[nodiscard]] std::size_t key_start() const {
    std::size_t i = seen_offset();
    if (i == 0) return 0;
    --i;  // the closing quote
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      std::size_t backslashes = 0;
      while (i > backslashes && text_[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return i;
  }

  std::string_view text_;
  std::string source_;
  const char* seen_ = nullptr;
  std::vector<Frame> stack_;
  json root_;
  std::optional<FormatError> error_;
};

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  /// The model the document names (its name and sources) and the batch of everything in it, not
  /// yet applied: the caller frees the parsed tree first (loads).
  std::pair<Model, Batch> read(const json& doc) {
    if (!doc.is_object()) fail("", "a govgraph document is a JSON object, not " + kind_of(doc));
    static const std::vector<std::string_view> top = {"govgraph",      "name",   "sources",
                                                      "organisations", "people", "contracts",
                                                      "relations",     "boards", "assets"};
    check_keys(doc, "", top);
    if (!doc.contains("govgraph"))
      fail("", "missing \"govgraph\": the format version (" + std::to_string(kFormatVersion) + ")");
    const json& v = doc["govgraph"];
    // Exactly the integer 1: not 1.0, "1", true, nor 4294967297 (which an int would wrap to 1).
    if (!v.is_number_integer() || v.get<std::int64_t>() != kFormatVersion)
      fail("/govgraph", "format version " + brief(v) + " is not supported (this library reads " +
                            std::to_string(kFormatVersion) + ", written as the integer " +
                            std::to_string(kFormatVersion) + ")");
    Model m(doc.contains("name") ? text(doc["name"], "/name") : std::string());
    if (doc.contains("sources")) {
      const json& s = array(doc["sources"], "/sources");
      std::vector<std::string> sources;
      for (std::size_t i = 0; i < s.size(); ++i)
        sources.push_back(text(s[i], "/sources/" + std::to_string(i)));
      m.set_sources(std::move(sources));
    }
    Batch b;
    each(doc, "organisations",
         [&](const json& o, const std::string& p) { b.add(node_spec(NodeType::organisation, o, p)); });
    each(doc, "people",
         [&](const json& o, const std::string& p) { b.add(node_spec(NodeType::person, o, p)); });
    each(doc, "assets",
         [&](const json& o, const std::string& p) { b.add(node_spec(NodeType::asset, o, p)); });
    each(doc, "contracts", [&](const json& o, const std::string& p) {
      ContractSpec c = contract(o, p);
      // The parties first, as Batch::add(ContractSpec) would add them, but each naming where it
      // is written (a role given as one id is at .../parties/role, not .../parties/role/0).
      for (auto& l : parties_)
        b.add_link(l.kind, std::move(l.source), std::move(l.target), std::move(l.props), std::move(l.where));
      parties_.clear();
      b.add(std::move(c));
      flush(b);
    });
    each(doc, "boards", [&](const json& o, const std::string& p) {
      BoardSpec bs;
      bs.where = where(p);
      bs.id = id_of(o, p);
      bs.of = single_or_defer(o, "of", p, RelKind::governs, bs.id);
      bs.props = props(NodeType::board, o, p, {"of", "seats"}, bs.attributes);
      std::vector<SeatSpec> seats;
      if (o.contains("seats")) {
        const json& ss = array(o["seats"], p + "/seats");
        for (std::size_t i = 0; i < ss.size(); ++i) {
          const std::string sp = p + "/seats/" + std::to_string(i);
          const json& so = object(ss[i], sp);
          SeatSpec s;
          s.where = where(sp);
          s.id = id_of(so, sp);
          s.board = bs.id;
          s.appointed_by = single_or_defer(so, "appointed_by", sp, RelKind::appointed_by, s.id);
          s.held_by = single_or_defer(so, "held_by", sp, RelKind::held_by, s.id);
          if (so.contains("represents")) {
            const json& rj = so["represents"];
            auto rs = refs(rj, sp + "/represents");
            // A list of plain ids goes with the seat (.../represents/i); one id or dated links
            // as links naming where each is written.
            if (rj.is_array() && !dated(rs))
              for (auto& r : rs) s.represents.push_back(r.id);
            else defer(RelKind::represents, s.id, rs, {});
          }
          s.props = props(NodeType::seat, so, sp, {"appointed_by", "held_by", "represents"}, s.attributes);
          seats.push_back(std::move(s));
        }
      }
      b.add(std::move(bs));
      for (auto& s : seats) b.add(std::move(s));
      flush(b);
    });
    each(doc, "relations", [&](const json& o, const std::string& p) {
      static const std::vector<std::string_view> base = {"kind",  "source", "target",    "id",
                                                         "start", "end",    "attributes"};
      RelationSpec r;
      r.where = where(p);
      const std::string kind = text(required(o, "kind", p), p + "/kind");
      auto k = rel_kind_from(kind);
      if (!k) {
        throw ModelError("bad_value", where(p + "/kind") + ": relation kind '" + cut(kind) +
                                          "' is not one of: " + stated_relation_kind_names());
      }
      r.kind = *k;
      r.source = text(required(o, "source", p), p + "/source");
      r.target = text(required(o, "target", p), p + "/target");
      std::vector<std::string_view> known = base;
      for (const auto& f : relation_fields(r.kind)) known.push_back(f.name);
      check_keys(o, p, known);
      for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == "kind" || it.key() == "source" || it.key() == "target") continue;
        if (it.key() == "attributes") {
          std::function<bool(std::string_view)> reserved = [&](std::string_view k) {
            return std::find(known.begin(), known.end(), k) != known.end();
          };
          read_attributes(*it, p, r.attributes, &reserved);
        } else {
          r.props.emplace(it.key(), value(*it, p + "/" + tok(it.key())));
        }
      }
      b.add(std::move(r));
    });
    for (auto& h : histories_)
      b.add_history(std::move(h.id), std::move(h.key), std::move(h.earlier), std::move(h.where));
    histories_.clear();
    return {std::move(m), std::move(b)};
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, const std::string& msg) const {
    throw FormatError("format", where(pointer) + ": " + msg);
  }
  [[nodiscard]] std::string where(const std::string& pointer) const {
    return source_ + " at " + show(pointer);
  }
  /// What sort of JSON value `j` is, for a message.
  static std::string kind_of(const json& j) {
    if (j.is_array()) return "an array";
    if (j.is_object()) return "an object";
    if (j.is_string()) return "text";
    if (j.is_boolean()) return "true/false";
    if (j.is_null()) return "null";
    return "a number";
  }
  /// A value for a message: a scalar as written (cut), an array or object by its size only.
  static std::string brief(const json& j) {
    if (j.is_array()) return "(an array of " + std::to_string(j.size()) + ")";
    if (j.is_object()) return "(an object of " + std::to_string(j.size()) + " keys)";
    return cut(j.dump(-1, ' ', false, json::error_handler_t::replace));
  }

  template <class F>
  void each(const json& doc, const char* key, F&& f) {
    if (!doc.contains(key)) return;
    const std::string p = std::string("/") + key;
    const json& a = array(doc[key], p);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string ip = p + "/" + std::to_string(i);
      f(object(a[i], ip), ip);
    }
  }

  const json& array(const json& j, const std::string& p) const {
    if (!j.is_array()) fail(p, "expected an array, found " + std::string(j.type_name()));
    return j;
  }
  const json& object(const json& j, const std::string& p) const {
    if (!j.is_object()) fail(p, "expected an object, found " + std::string(j.type_name()));
    return j;
  }
  std::string text(const json& j, const std::string& p) const {
    if (!j.is_string()) fail(p, "expected text, found " + std::string(j.type_name()));
    return j.get<std::string>();
  }
  const json& required(const json& o, const char* key, const std::string& p) const {
    if (!o.contains(key)) fail(p, std::string("missing \"") + key + "\"");
    return o[key];
  }
  std::string id_of(const json& o, const std::string& p) const {
    return text(required(o, "id", p), p + "/id");
  }
  std::string opt_text(const json& o, const char* key, const std::string& p) const {
    return o.contains(key) ? nonempty(text(o[key], p + "/" + key), p + "/" + key) : std::string();
  }
  std::string nonempty(std::string s, const std::string& p) const {
    if (s.empty()) fail(p, "an id must not be empty (leave the field out instead)");
    return s;
  }

  Value value(const json& j, const std::string& p) const {
    switch (j.type()) {
      case json::value_t::boolean: return j.get<bool>();
      case json::value_t::number_integer: return j.get<std::int64_t>();
      case json::value_t::number_unsigned: {
        const auto u = j.get<std::uint64_t>();  // the parser refuses more than 2^63-1
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          fail(p, "integer too large");
        return static_cast<std::int64_t>(u);
      }
      case json::value_t::number_float: return j.get<double>();
      case json::value_t::string: return j.get<std::string>();
      default: fail(p, "expected text, a number or true/false, found " + std::string(j.type_name()));
    }
  }

  void check_keys(const json& o, const std::string& p, const std::vector<std::string_view>& known) const {
    for (auto it = o.begin(); it != o.end(); ++it)
      if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
        std::string names;
        for (auto k : known) names += (names.empty() ? "" : ", ") + std::string(k);
        fail(p + "/" + tok(it.key()),
             "unknown field '" + cut(it.key()) + "' (expected one of: " + names + ")");
      }
  }

  void read_attributes(const json& a, const std::string& p, Props& out,
                       const std::function<bool(std::string_view)>* reserved) const {
    const std::string ap = p + "/attributes";
    object(a, ap);
    for (auto it = a.begin(); it != a.end(); ++it) {
      const std::string kp = ap + "/" + tok(it.key());
      if (reserved && (*reserved)(it.key()))
        fail(kp, "'" + cut(it.key()) + "' is a field, not a free attribute; set it outside \"attributes\"");
      out.emplace(it.key(), value(*it, kp));  // keys are unique: the parser refuses duplicates
    }
  }

  /// The fields of a node object (everything but id, `structural` keys, which the caller reads);
  /// its free attributes go to `attributes`.
  Props props(NodeType t, const json& o, const std::string& p, std::vector<std::string_view> structural,
              Props& attributes) const {
    std::vector<std::string_view> known = {"id", "name", "start", "end", "attributes", "history"};
    for (const auto& f : node_fields(t)) known.push_back(f.name);
    known.insert(known.end(), structural.begin(), structural.end());
    check_keys(o, p, known);
    if (o.contains("history")) history(t, o, p);
    Props out;
    for (auto it = o.begin(); it != o.end(); ++it) {
      const std::string& k = it.key();
      if (k == "id" || k == "attributes" || k == "history" ||
          std::find(structural.begin(), structural.end(), k) != structural.end())
        continue;
      const FieldSpec* f = find_field(t, k);
      if (f && f->type == FieldType::rules && (it->is_array() || it->is_object()))
        out.emplace(k, it->dump());  // checked (and made canonical) with the node's other fields
      else out.emplace(k, value(*it, p + "/" + k));
    }
    if (o.contains("attributes")) {
      std::function<bool(std::string_view)> reserved = [&](std::string_view k) {
        return std::find(known.begin(), known.end(), k) != known.end();
      };
      read_attributes(o["attributes"], p, attributes, &reserved);
    }
    return out;
  }

  /// A node's "history" (see Writer::history), kept for Batch::add_history; the values are
  /// checked there, with the node's other fields.
  void history(NodeType t, const json& o, const std::string& p) const {
    const std::string hp = p + "/history";
    const json& h = object(o["history"], hp);
    const std::string id = text(required(o, "id", p), p + "/id");
    for (auto it = h.begin(); it != h.end(); ++it) {
      const std::string kp = hp + "/" + tok(it.key());
      const FieldSpec* f = find_field(t, it.key());
      if (!f)
        fail(kp, "'" + cut(it.key()) + "' is not a field of " + std::string(plural(t)) +
                     ", so it has no history");
      const json& a = array(*it, kp);
      std::vector<EarlierValue> earlier;
      for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string ep = kp + "/" + std::to_string(i);
        const json& e = object(a[i], ep);
        check_keys(e, ep, {"until", "value"});
        EarlierValue v;
        const std::string until = text(required(e, "until", ep), ep + "/until");
        v.until = Date::parse(until, where(ep + "/until"));
        if (e.contains("value")) {
          const json& x = e["value"];
          v.value = f->type == FieldType::rules && (x.is_array() || x.is_object()) ? Value(x.dump())
                                                                                   : value(x, ep + "/value");
        }
        earlier.push_back(std::move(v));
      }
      histories_.push_back({id, it.key(), std::move(earlier), where(kp)});
    }
  }

  NodeSpec node_spec(NodeType t, const json& o, const std::string& p) const {
    NodeSpec n{t, id_of(o, p), {}, where(p), {}};
    n.props = props(t, o, p, {}, n.attributes);
    return n;
  }

  ContractSpec contract(const json& o, const std::string& p) {
    ContractSpec c;
    c.where = where(p);
    c.id = id_of(o, p);
    c.head = opt_text(o, "head", p);
    c.props = props(NodeType::contract, o, p, {"head", "parties", "obligations"}, c.attributes);
    if (o.contains("parties")) {
      const json& ps = object(o["parties"], p + "/parties");
      for (auto it = ps.begin(); it != ps.end(); ++it) {
        const std::string rp = p + "/parties/" + tok(it.key());
        if (it.key().empty())
          throw ModelError("missing_field", where(rp) + " (" + "contract '" + cut(c.id) +
                                                "'): a party role must not be empty");
        for (const auto& r : refs(*it, rp)) {
          Props props{{"role", it.key()}};
          for (const auto& [k, v] : r.dates) props.emplace(k, v);
          parties_.push_back({RelKind::party, r.id, c.id, std::move(props), where(r.pointer)});
        }
      }
    }
    if (o.contains("obligations")) {
      const json& os = array(o["obligations"], p + "/obligations");
      for (std::size_t i = 0; i < os.size(); ++i) {
        const std::string op = p + "/obligations/" + std::to_string(i);
        const json& oo = object(os[i], op);
        ObligationSpec ob;
        ob.where = where(op);
        ob.id = id_of(oo, op);
        ob.flows_from = opt_text(oo, "flows_from", op);
        ob.obligor = single_or_defer(oo, "obligor", op, RelKind::obligor, ob.id);
        ob.obligee = single_or_defer(oo, "obligee", op, RelKind::obligee, ob.id);
        ob.props = props(NodeType::obligation, oo, op, {"flows_from", "obligor", "obligee"}, ob.attributes);
        c.obligations.push_back(std::move(ob));
      }
    }
    return c;
  }

  /// A reference: an id, or {"id", "start", "end"} for a link with dates of its own.
  struct Ref {
    std::string id;
    Props dates;
    std::string pointer;
  };
  std::vector<Ref> refs(const json& v, const std::string& p) const {
    std::vector<Ref> out;
    auto one = [&](const json& x, const std::string& xp) {
      if (x.is_string()) {
        out.push_back({nonempty(x.get<std::string>(), xp), {}, xp});
        return;
      }
      if (!x.is_object())
        fail(xp, "expected an id or {\"id\", \"start\", \"end\"}, found " + std::string(x.type_name()));
      check_keys(x, xp, {"id", "start", "end"});
      Ref r{nonempty(text(required(x, "id", xp), xp + "/id"), xp + "/id"), {}, xp};
      for (const char* k : {"start", "end"})
        if (x.contains(k)) r.dates.emplace(k, text(x[k], xp + "/" + k));
      out.push_back(std::move(r));
    };
    if (v.is_array() && v.empty()) fail(p, "an empty list of ids (leave the key out instead)");
    if (v.is_array())
      for (std::size_t i = 0; i < v.size(); ++i) one(v[i], p + "/" + std::to_string(i));
    else one(v, p);
    return out;
  }
  static bool dated(const std::vector<Ref>& v) {
    return std::any_of(v.begin(), v.end(), [](const Ref& r) { return !r.dates.empty(); });
  }
  /// Links to add once their owner is in the batch (`reverse`: the reference is the source).
  void defer(RelKind kind, const std::string& owner, const std::vector<Ref>& rs, Props extra,
             bool reverse = false) {
    for (const auto& r : rs) {
      Props props = extra;
      for (const auto& [k, v] : r.dates) props.emplace(k, v);
      pending_.push_back(
          {kind, reverse ? r.id : owner, reverse ? owner : r.id, std::move(props), where(r.pointer)});
    }
  }
  /// A single-valued link: its id, or "" after deferring a dated (or multiple) one.
  std::string single_or_defer(const json& o, const char* key, const std::string& p, RelKind kind,
                              const std::string& owner) {
    if (!o.contains(key)) return {};
    auto rs = refs(o[key], p + "/" + key);
    if (!dated(rs) && rs.size() == 1) return rs.front().id;
    defer(kind, owner, rs, {});
    return {};
  }
  void flush(Batch& b) {
    for (auto& l : pending_)
      b.add_link(l.kind, std::move(l.source), std::move(l.target), std::move(l.props), std::move(l.where));
    pending_.clear();
  }
  struct Link {
    RelKind kind;
    std::string source, target;
    Props props;
    std::string where;
  };
  std::vector<Link> pending_;
  std::vector<Link> parties_;  // a contract's parties, added just before it
  struct History {
    std::string id, key;
    std::vector<EarlierValue> earlier;
    std::string where;
  };
  mutable std::vector<History> histories_;  // nodes' histories, added after the nodes

  std::string source_;
};

// ---------------------------------------------------------------------------------------------
// Writing

json to_json(const Value& v) {
  return std::visit([](const auto& x) { return json(x); }, v);
}

class Writer {
 public:
  explicit Writer(const detail::Store& s) : s_(s) {}

  json document() const {
    json doc = json::object();
    doc["govgraph"] = kFormatVersion;
    doc["name"] = s_.name;
    if (!s_.sources.empty()) doc["sources"] = s_.sources;
    section(doc, "organisations", NodeType::organisation);
    section(doc, "people", NodeType::person);
    section(doc, "contracts", NodeType::contract);
    json rels = json::array();
    for (const auto& r : s_.relations)
      if (!is_implied(r.kind)) rels.push_back(relation(r));
    if (!rels.empty()) doc["relations"] = std::move(rels);
    section(doc, "boards", NodeType::board);
    section(doc, "assets", NodeType::asset);
    return doc;
  }

  json node(NodeIndex n) const {
    const Node& x = s_.nodes[n];
    json o = json::object();
    o["id"] = x.id;
    if (!x.name.empty()) o["name"] = x.name;
    for (const auto& f : node_fields(x.type))
      if (const Value* v = x.get(f.name)) o[std::string(f.name)] = field_json(f, *v);
    switch (x.type) {
      case NodeType::contract: contract_parts(n, o); break;
      case NodeType::obligation:
        link(o, "flows_from", n, RelKind::flows_from);
        links(o, "obligor", n, RelKind::obligor);
        links(o, "obligee", n, RelKind::obligee);
        break;
      case NodeType::board: {
        links(o, "of", n, RelKind::governs);
        json seats = json::array();
        s_.for_in(n, RelKind::seat_on, [&](RelIndex r) { seats.push_back(node(s_.relations[r].source)); });
        dates_attrs(x, o);
        history(n, o);
        if (!seats.empty()) o["seats"] = std::move(seats);
        return o;
      }
      case NodeType::seat: {
        links(o, "appointed_by", n, RelKind::appointed_by);
        links(o, "represents", n, RelKind::represents, true);
        links(o, "held_by", n, RelKind::held_by);
        break;
      }
      default: break;
    }
    dates_attrs(x, o);
    history(n, o);
    return o;
  }

 private:
  /// A field's value as written: a board's rules as JSON, any other value as itself.
  static json field_json(const FieldSpec& f, const Value& v) {
    return f.type == FieldType::rules ? json::parse(std::get<std::string>(v)) : to_json(v);
  }
  /// "history": {"field": [{"until": day, "value": v}, ...]}, the earlier values of the fields
  /// that Model::set changed, oldest first (no "value": not given then).
  void history(NodeIndex n, json& o) const {
    auto h = s_.history.find(n);
    if (h == s_.history.end()) return;
    const NodeType t = s_.nodes[n].type;
    json out = json::object();
    for (const auto& f : h->second) {
      json a = json::array();
      for (const auto& e : f.earlier) {
        json x = json::object();
        x["until"] = e.until.iso();
        if (e.value) x["value"] = field_json(*find_field(t, f.key), *e.value);
        a.push_back(std::move(x));
      }
      out[f.key] = std::move(a);
    }
    o["history"] = std::move(out);
  }

  const std::string& id(NodeIndex n) const { return s_.nodes[n].id; }

  void link(json& o, const char* key, NodeIndex n, RelKind k) const {
    s_.for_out(n, k, [&](RelIndex r) { o[key] = id(s_.relations[r].target); });
  }
  /// An id, or {"id", "start", "end"} when the link has dates of its own.
  json ref(const Relation& r, NodeIndex other) const {
    if (!r.start && !r.end) return id(other);
    json o = json::object();
    o["id"] = id(other);
    if (r.start) o["start"] = r.start.iso();
    if (r.end) o["end"] = r.end.iso();
    return o;
  }
  /// Links of kind k out of n: one plain id as text, otherwise a list (always one if `list`).
  void links(json& o, const char* key, NodeIndex n, RelKind k, bool list = false) const {
    json a = json::array();
    s_.for_out(n, k, [&](RelIndex r) { a.push_back(ref(s_.relations[r], s_.relations[r].target)); });
    if (a.empty()) return;
    o[key] = (!list && a.size() == 1 && a[0].is_string()) ? a[0] : a;
  }

  void dates_attrs(const Node& x, json& o) const {
    if (x.start) o["start"] = x.start.iso();
    if (x.end) o["end"] = x.end.iso();
    json attrs = json::object();
    for (const auto& [k, v] : x.props)
      if (!find_field(x.type, k)) attrs[k] = to_json(v);
    if (!attrs.empty()) o["attributes"] = std::move(attrs);
  }

  void contract_parts(NodeIndex n, json& o) const {
    link(o, "head", n, RelKind::head);
    std::map<std::string, json> parties;  // roles in name order, each role's parties in order
    s_.for_in(n, RelKind::party, [&](RelIndex r) {
      const Relation& rel = s_.relations[r];
      const std::string& role = std::get<std::string>(*rel.get("role"));
      json& slot = parties[role];
      if (slot.is_null()) slot = json::array();
      slot.push_back(ref(rel, rel.source));
    });
    json roles = json::object();
    for (auto& [role, slot] : parties)
      roles[role] = (slot.size() == 1 && slot[0].is_string()) ? slot[0] : slot;
    if (!roles.empty()) o["parties"] = std::move(roles);
    json obligations = json::array();
    s_.for_in(n, RelKind::obligation_of,
              [&](RelIndex r) { obligations.push_back(node(s_.relations[r].source)); });
    if (!obligations.empty()) o["obligations"] = std::move(obligations);
  }

  void section(json& doc, const char* key, NodeType t) const {
    json a = json::array();
    for (NodeIndex i = 0; i < s_.nodes.size(); ++i)
      if (s_.nodes[i].type == t) a.push_back(node(i));
    if (!a.empty()) doc[key] = std::move(a);
  }

  json relation(const Relation& r) const {
    json o = json::object();
    o["kind"] = std::string(to_string(r.kind));
    o["source"] = id(r.source);
    o["target"] = id(r.target);
    if (const Value* v = r.get("id")) o["id"] = to_json(*v);
    if (!std::isnan(r.share)) o["share"] = r.share;
    for (const auto& f : relation_fields(r.kind))
      if (const Value* v = r.get(f.name)) o[std::string(f.name)] = to_json(*v);
    if (r.start) o["start"] = r.start.iso();
    if (r.end) o["end"] = r.end.iso();
    if (r.props) {
      json attrs = json::object();
      for (const auto& [k, v] : *r.props)
        if (!find_field(r.kind, k) && k != "id") attrs[k] = to_json(v);
      if (!attrs.empty()) o["attributes"] = std::move(attrs);
    }
    return o;
  }

  const detail::Store& s_;
};

}  // namespace

Model loads(std::string_view text, std::string_view source) {
  // The parsed tree is freed once the batch is read from it, before the batch is applied: the
  // tree, the batch and the growing model were all held at once before (issue 16: the peak of a
  // load). Errors are the same, found in the same order: the reader's, then apply's.
  auto read = [&] {
    const json doc = Parser(text, source).parse();
    return Reader(std::string(source)).read(doc);
  };
  auto [m, batch] = read();
  m.apply(std::move(batch));
  logger()->debug("loaded '{}' from {}: {}", m.name(), source, m.summary());
  return std::move(m);
}

Model load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError("io", "cannot read '" + path.string() + "'");
  // A regular file is read straight into one string of its size; anything else (a pipe, a
  // device) through a string stream. The stream and its copy held the text twice, and more
  // while the stream's buffer grew.
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const std::uintmax_t size = regular && !ec ? std::filesystem::file_size(path, ec) : 0;
  if (regular && !ec && size > 0 && size < std::numeric_limits<std::size_t>::max() / 2) {
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(in.gcount()));  // the file may have shrunk meanwhile
    if (in.bad()) throw FormatError("io", "failed reading '" + path.string() + "'");
    return loads(text, path.string());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return loads(ss.str(), path.string());
}

std::string dumps(const Model& model, int indent) {
  return Writer(model.store()).document().dump(indent < 0 ? -1 : indent);
}

void save(const Model& model, const std::filesystem::path& path, int indent) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw FormatError("io", "cannot write '" + path.string() + "'");
  out << dumps(model, indent) << '\n';
  if (!out) throw FormatError("io", "failed writing '" + path.string() + "'");
}

std::string node_json(const Model& model, std::string_view id) {
  const Node& n = model.node(id);
  return Writer(model.store()).node(*model.find(n.id)).dump();
}

}  // namespace govgraph
