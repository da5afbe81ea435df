package io.netpol.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.files.FolderWrite;
import io.netpol.recommend.ClusterFacts;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.Recommender;
import io.netpol.recommend.Review;
import io.netpol.render.Manifest;
import io.netpol.render.PolicyDocuments;
import io.netpol.render.PolicyFormat;
import io.netpol.render.ProposalViews;
import io.netpol.render.Rendering;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where {@code propose} writes the proposal, handed over namespace by namespace as it is made. The
 * kubernetes format is written policy by policy, to stdout or to {@code --out}, so memory does not
 * grow with the number of policies; the other formats, some of whose objects span namespaces (a
 * chart's values, Calico's global deny and network sets), are rendered once the proposal is whole.
 */
abstract class ProposalOutput implements Recommender.NamespaceSink, AutoCloseable {

  /** What the command chose. */
  record Target(
      PolicyFormat format,
      Format syntax,
      Path out,
      boolean dryRun,
      ClusterFacts cluster,
      PrintWriter stdout,
      PrintWriter stderr) {}

  protected final Target target;
  protected final SortedSet<String> namespaces = new TreeSet<>();
  private long policies;

  ProposalOutput(Target target) {
    this.target = target;
  }

  /** The output for {@code target}; with {@code --out}, the folder is read (and refused) now. */
  static ProposalOutput open(Target target) {
    if (target.format() != PolicyFormat.KUBERNETES) {
      return new Rendered(target);
    }
    if (target.out() != null) {
      return new Folder(target);
    }
    return new Stream(target);
  }

  @Override
  public final void accept(String namespace, List<ProposedPolicy> policies) {
    namespaces.add(namespace);
    this.policies += policies.size();
    try {
      write(namespace, policies);
    } catch (IOException e) {
      throw cannotWrite(e);
    }
  }

  /** Ends the output once every namespace is handed over; reports what was written. */
  final void finish(Review review) {
    try {
      complete(review);
    } catch (IOException e) {
      throw cannotWrite(e);
    }
  }

  private static NetpolException cannotWrite(IOException e) {
    return new NetpolException(
        ExitCode.UNEXPECTED_STATE, "cannot write the policies: " + e + "; check the output", e);
  }

  /** Policies handed over so far. */
  long policies() {
    return policies;
  }

  abstract void write(String namespace, List<ProposedPolicy> policies) throws IOException;

  abstract void complete(Review review) throws IOException;

  @Override
  public void close() {}

  /** Writes to --out what {@code changes} say, or what it would write with --dry-run. */
  void report(FolderWrite.Changes changes, boolean chart) {
    if (target.dryRun()) {
      ProposalFiles.reportDryRun(changes, target.stdout());
      target.stdout().flush();
    } else {
      ProposalFiles.report(changes, target.stderr(), target.format(), chart);
    }
  }

  /** The kubernetes format on stdout: one YAML document or one JSON list item at a time. */
  private static final class Stream extends ProposalOutput {
    private PolicyDocuments.JsonListWriter json;

    Stream(Target target) {
      super(target);
    }

    @Override
    void write(String namespace, List<ProposedPolicy> policies) throws IOException {
      if (target.syntax() == Format.JSON && json == null) {
        json = new PolicyDocuments.JsonListWriter(target.stdout());
      }
      for (ProposedPolicy p : policies) {
        ObjectNode tree = ProposalTree.of(p);
        if (json != null) {
          json.write(tree);
        } else {
          PolicyDocuments.writeYaml(tree, target.stdout());
        }
      }
    }

    @Override
    void complete(Review review) throws IOException {
      if (target.syntax() == Format.JSON && json == null) {
        json = new PolicyDocuments.JsonListWriter(target.stdout());
      }
      if (json != null) {
        json.finish();
      }
      target.stdout().flush();
    }
  }

  /** The kubernetes format to --out: each policy's file is written as soon as it is made. */
  private static final class Folder extends ProposalOutput {
    private final ProposalFiles.FolderOutput folder;

    Folder(Target target) {
      super(target);
      folder =
          ProposalFiles.FolderOutput.open(target.out(), target.syntax(), false, target.dryRun());
    }

    @Override
    void write(String namespace, List<ProposedPolicy> policies) {
      for (ProposedPolicy p : policies) {
        folder.object(p.namespace(), p.name(), ProposalTree.of(p));
      }
    }

    @Override
    void complete(Review review) {
      report(folder.finish(namespaces), false);
    }

    @Override
    public void close() {
      folder.close();
    }
  }

  /**
   * Formats rendered from the whole proposal: collected, then rendered and written (to --out one
   * object at a time).
   */
  private static final class Rendered extends ProposalOutput {
    private final SortedMap<String, List<ProposedPolicy>> proposed = new TreeMap<>();
    private final ProposalFiles.FolderOutput folder;

    Rendered(Target target) {
      super(target);
      folder =
          target.out() == null
              ? null
              : ProposalFiles.FolderOutput.open(
                  target.out(),
                  target.syntax(),
                  target.format() == PolicyFormat.HELM,
                  target.dryRun());
    }

    @Override
    void write(String namespace, List<ProposedPolicy> policies) {
      proposed.put(namespace, policies);
    }

    @Override
    void complete(Review review) throws IOException {
      Rendering rendering = render(new Proposal(proposed, review));
      proposed.clear();
      if (folder != null) {
        for (Map.Entry<String, String> f : rendering.files().entrySet()) {
          folder.file(f.getKey(), f.getValue());
        }
        for (Manifest m : rendering.manifests()) {
          folder.object(m.namespace(), m.name(), m.object());
        }
        report(folder.finish(namespaces), rendering.isFileTree());
      } else {
        List<ObjectNode> objects = new ArrayList<>();
        rendering.manifests().forEach(m -> objects.add(m.object()));
        if (target.syntax() == Format.JSON) {
          PolicyDocuments.writeJsonList(objects, target.stdout());
        } else {
          PolicyDocuments.writeYaml(objects, target.stdout());
        }
      }
      rendering.notes().forEach(target.stderr()::println);
    }

    private Rendering render(Proposal proposal) {
      try {
        return target.format().renderer().render(ProposalViews.of(proposal, target.cluster()));
      } catch (IllegalStateException e) {
        throw new NetpolException(
            ExitCode.INTERNAL,
            String.format(ProposeCommand.CANNOT_RENDER, target.format(), e.getMessage()),
            e);
      }
    }

    @Override
    public void close() {
      if (folder != null) {
        folder.close();
      }
    }
  }
}
