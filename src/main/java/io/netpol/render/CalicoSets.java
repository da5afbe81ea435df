package io.netpol.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The GlobalNetworkSets of a Calico rendering: one for the public internet (per exact set of
 * blocks, so an IPv6-only rule never opens IPv4) and one per DNS name set observed for internet
 * peers, holding every address observed with those names. Rules select a set by its label.
 */
final class CalicoSets {

  static final String SET_LABEL = "netpol-recommend.io/network-set";
  private static final int MAX_NAME = 63;

  private final SortedMap<String, SortedSet<String>> nets = new TreeMap<>();
  private final SortedMap<String, String> reasons = new TreeMap<>();

  /** The set holding exactly {@code cidrs} (public internet blocks); its name. */
  String publicInternet(SortedSet<String> cidrs) {
    String name =
        cidrs.size() > 1
            ? "netpol-public-internet"
            : cidrs.first().contains(":")
                ? "netpol-public-internet-ipv6"
                : "netpol-public-internet-ipv4";
    add(
        name,
        cidrs,
        "Any internet address (" + String.join(", ", cidrs) + "), for public endpoints.");
    return name;
  }

  /** The set of the addresses observed with {@code dnsNames}; adds {@code cidr} to it. */
  String world(SortedSet<String> dnsNames, String cidr) {
    String joined = String.join(",", dnsNames);
    String slug = dnsNames.first().replaceAll("[^a-z0-9.-]", "-");
    String name = "netpol-world-" + slug;
    if (dnsNames.size() > 1 || name.length() > MAX_NAME) {
      String hash = hash(joined);
      name = name.substring(0, Math.min(name.length(), MAX_NAME - 9)) + "-" + hash;
      name = name.replaceAll("[.-]+-", "-");
    }
    add(
        name,
        new TreeSet<>(List.of(cidr)),
        "Addresses observed for " + String.join(", ", dnsNames) + ".");
    return name;
  }

  private void add(String name, SortedSet<String> cidrs, String reason) {
    nets.computeIfAbsent(name, n -> new TreeSet<>()).addAll(cidrs);
    reasons.put(name, reason);
  }

  /** The selector expression of the set {@code name}. */
  static String selector(String name) {
    return SET_LABEL + " == '" + name + "'";
  }

  List<Manifest> manifests() {
    List<Manifest> out = new ArrayList<>();
    nets.forEach(
        (name, cidrs) -> {
          ObjectNode o =
              Resources.header(
                  CalicoRenderer.API_VERSION,
                  "GlobalNetworkSet",
                  null,
                  name,
                  Map.of(SET_LABEL, name),
                  Resources.evidence(reasons.get(name), null, null));
          o.putObject("spec").set("nets", Resources.strings(cidrs));
          out.add(new Manifest(null, name, o));
        });
    return out;
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
