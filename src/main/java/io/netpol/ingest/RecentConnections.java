package io.netpol.ingest;

/**
 * The connections the {@link ConnectionTracker} remembers, by their 64-bit hash, least recently
 * used first: what {@code LinkedHashMap} in access order does, without a boxed key and an entry
 * object per connection. Looking a connection up makes it the most recent, as does putting one; a
 * put of a new connection beyond the capacity forgets the least recent, which {@link #put} returns.
 * Open addressing with linear probing (the keys are hashes already), grown as it fills.
 */
final class RecentConnections<N extends RecentConnections.Node> {

  /** What is remembered: its key and its place in the order of use. */
  static class Node {
    final long key;
    private Node older;
    private Node newer;

    Node(long key) {
      this.key = key;
    }
  }

  private final int capacity;
  private Node[] table = new Node[1024];
  private int size;

  /** The least and the most recently used. */
  private Node oldest;

  private Node newest;

  RecentConnections(int capacity) {
    this.capacity = capacity;
  }

  int size() {
    return size;
  }

  /** The node of {@code key}, made the most recent; null when none is remembered. */
  @SuppressWarnings("unchecked")
  N get(long key) {
    Node n = table[slotOf(key)];
    if (n != null) {
      touch(n);
    }
    return (N) n;
  }

  /**
   * Remembers {@code node} as the most recent, in place of a node of the same key.
   *
   * @return the least recent node, forgotten because a new key went beyond the capacity; or null
   */
  @SuppressWarnings("unchecked")
  N put(N node) {
    int slot = slotOf(node.key);
    Node old = table[slot];
    table[slot] = node;
    if (old != null) {
      replace(old, node);
      touch(node);
      return null;
    }
    link(node);
    size++;
    if (size > capacity) {
      Node eldest = oldest;
      remove(eldest);
      return (N) eldest;
    }
    if (size * 2 > table.length) {
      grow();
    }
    return null;
  }

  /** The slot holding {@code key}, or the empty slot where it would go. */
  private int slotOf(long key) {
    int mask = table.length - 1;
    int i = (int) (key ^ (key >>> 32)) & mask;
    while (table[i] != null && table[i].key != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void remove(Node n) {
    unlink(n);
    size--;
    int mask = table.length - 1;
    int hole = slotOf(n.key);
    table[hole] = null;
    // Move back what the hole would otherwise cut off from its home slot.
    for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
      int home = (int) (table[i].key ^ (table[i].key >>> 32)) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        table[hole] = table[i];
        table[i] = null;
        hole = i;
      }
    }
  }

  private void grow() {
    Node[] old = table;
    table = new Node[old.length * 2];
    for (Node n : old) {
      if (n != null) {
        table[slotOf(n.key)] = n;
      }
    }
  }

  private void touch(Node n) {
    if (n != newest) {
      unlink(n);
      link(n);
    }
  }

  private void link(Node n) {
    n.older = newest;
    n.newer = null;
    if (newest != null) {
      newest.newer = n;
    } else {
      oldest = n;
    }
    newest = n;
  }

  private void unlink(Node n) {
    if (n.older != null) {
      n.older.newer = n.newer;
    } else {
      oldest = n.newer;
    }
    if (n.newer != null) {
      n.newer.older = n.older;
    } else {
      newest = n.older;
    }
    n.older = null;
    n.newer = null;
  }

  /** {@code replacement} takes {@code old}'s place in the order of use. */
  private void replace(Node old, Node replacement) {
    replacement.older = old.older;
    replacement.newer = old.newer;
    if (old.older != null) {
      old.older.newer = replacement;
    } else {
      oldest = replacement;
    }
    if (old.newer != null) {
      old.newer.older = replacement;
    } else {
      newest = replacement;
    }
    old.older = null;
    old.newer = null;
  }
}
