// Reads the names a SimGrid XML platform declares, before any simulation exists: placement
// needs the host ids and fault validation needs the link ids. SimGrid itself loads and validates
// the file later (build_platform), so this reader is lenient about what it does not need: a
// speed or a disk bandwidth it cannot read keeps the HostSpec default (HostSpec of an XML host
// is informational only).
//
// Understood anywhere in the tree: <host id speed core> with <disk id read_bw write_bw>,
// <link id>, and <cluster id prefix suffix radical speed core bb_bw>, whose hosts are
// prefix + number + suffix for each number of the radical ("0-15", "0-3,8,10-11") and whose
// links are "<id>_link_<number>" (plus "<id>_backbone" when bb_bw is given), as SimGrid
// names them.
#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <charconv>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/platform/platform.hpp"

namespace sdsim {
namespace {

namespace pt = boost::property_tree;

std::string attribute(const pt::ptree& element, const std::string& name) {
  return element.get<std::string>("<xmlattr>." + name, "");
}

// SimGrid accepts one speed per power state ("1Gf,500Mf"); the first is the nominal speed.
void read_speed(const std::string& text, HostSpec& spec) {
  QuantityParse speed = parse_flop_rate(text.substr(0, text.find(',')));
  if (speed.ok) spec.speed = speed.value;
}

void read_cores(const std::string& text, HostSpec& spec) {
  int cores = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cores);
  if (ec == std::errc() && end == text.data() + text.size() && cores > 0) spec.cores = cores;
}

void read_bandwidth(const std::string& text, double& bw) {
  QuantityParse q = parse_quantity(text, Dimension::Bandwidth);
  if (q.ok) bw = q.value;
}

XmlHost read_host(const pt::ptree& element) {
  XmlHost host;
  host.name = attribute(element, "id");
  read_speed(attribute(element, "speed"), host.spec);
  read_cores(attribute(element, "core"), host.spec);
  for (const auto& [tag, child] : element) {
    if (tag != "disk") continue;
    DiskSpec disk;
    disk.name = attribute(child, "id");
    read_bandwidth(attribute(child, "read_bw"), disk.read_bw);
    read_bandwidth(attribute(child, "write_bw"), disk.write_bw);
    host.spec.disks.push_back(disk);
  }
  return host;
}

std::optional<int> whole_number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// "0-3,8" -> 0 1 2 3 8. Nullopt when a part is not a number or a range.
std::optional<std::vector<int>> expand_radical(std::string_view radical) {
  std::vector<int> numbers;
  while (!radical.empty()) {
    std::string_view part = radical.substr(0, radical.find(','));
    radical.remove_prefix(std::min(radical.size(), part.size() + 1));
    std::size_t dash = part.find('-');
    auto first = whole_number(part.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : whole_number(part.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    for (int i = *first; i <= *last; ++i) numbers.push_back(i);
  }
  return numbers;
}

class XmlNameReader {
 public:
  XmlNameReader(PlatformSpec& spec, Diagnostics& diags) : spec_(spec), diags_(diags) {}

  void visit(const pt::ptree& element) {
    for (const auto& [tag, child] : element) {
      if (tag == "host") spec_.xml_hosts.push_back(read_host(child));
      if (tag == "link") spec_.xml_links.push_back(attribute(child, "id"));
      if (tag == "cluster") read_cluster(child);
      if (tag != "<xmlattr>" && tag != "<xmlcomment>") visit(child);
    }
  }

 private:
  void read_cluster(const pt::ptree& element) {
    const std::string id = attribute(element, "id");
    const std::string radical = attribute(element, "radical");
    auto numbers = expand_radical(radical);
    if (!numbers) {
      diags_.error(Location{spec_.source}, "",
                   "cluster '" + id + "': cannot read radical '" + radical +
                       "' (expected numbers and ranges such as 0-15 or 0-3,8)");
      return;
    }
    XmlHost member;
    read_speed(attribute(element, "speed"), member.spec);
    read_cores(attribute(element, "core"), member.spec);
    for (int i : *numbers) {
      member.name = attribute(element, "prefix") + std::to_string(i) + attribute(element, "suffix");
      spec_.xml_hosts.push_back(member);
      spec_.xml_links.push_back(id + "_link_" + std::to_string(i));
    }
    if (!attribute(element, "bb_bw").empty()) spec_.xml_links.push_back(id + "_backbone");
  }

  PlatformSpec& spec_;
  Diagnostics& diags_;
};

}  // namespace

PlatformSpec parse_platform_xml(std::istream& xml, const std::string& source, Diagnostics& diags) {
  PlatformSpec spec;
  spec.source = source;
  spec.xml_file = source;
  pt::ptree tree;
  try {
    pt::read_xml(xml, tree);
  } catch (const pt::xml_parser_error& e) {
    diags.error(Location{source, static_cast<int>(e.line()), 0}, "",
                "not a valid XML file: " + e.message());
    return spec;
  }
  const std::size_t errors_before = diags.list().size();
  XmlNameReader(spec, diags).visit(tree);
  if (spec.xml_hosts.empty() && diags.list().size() == errors_before)
    diags.error(Location{source}, "", "the XML platform declares no <host> and no <cluster>");
  return spec;
}

}  // namespace sdsim
