package io.netpol.render;

/** Turns a proposal into one output format. Pure: equal proposals give equal renderings. */
public interface Renderer {
  Rendering render(ProposalView proposal);
}
