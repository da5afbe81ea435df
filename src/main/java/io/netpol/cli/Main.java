package io.netpol.cli;

public final class Main {
  public static void main(String[] args) {
    System.out.println(io.netpol.proto.hubble.Flow.getDefaultInstance());
  }
}
