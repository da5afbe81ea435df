package io.netpol.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.files.FolderWrite;
import io.netpol.recommend.ClusterFacts;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.Recommender;
import io.netpol.recommend.Review;
import io.netpol.render.Manifest;
import io.netpol.render.PolicyDocuments;
import io.netpol.render.PolicyFormat;
import io.netpol.render.ProposalViews;
import io.netpol.render.Renderer;
import io.netpol.render.Rendering;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where {@code propose} writes the proposal, handed over namespace by namespace as it is made, so
 * memory does not grow with the number of namespaces: the kubernetes format is written policy by
 * policy (to stdout or to {@code --out}); the other formats are rendered a namespace at a time, and
 * what spans namespaces (a chart's values, Calico's global deny and network sets, the cluster
 * baseline) once all were rendered.
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

  private PolicyDocuments.JsonListWriter json;

  /** Writes one document to stdout: a YAML document, or the next item of the JSON list. */
  void document(ObjectNode object) throws IOException {
    if (target.syntax() == Format.JSON) {
      if (json == null) {
        json = new PolicyDocuments.JsonListWriter(target.stdout());
      }
      json.write(object);
    } else {
      PolicyDocuments.writeYaml(object, target.stdout());
    }
  }

  /** Ends stdout's documents (the JSON list, even an empty one). */
  void endDocuments() throws IOException {
    if (target.syntax() == Format.JSON) {
      if (json == null) {
        json = new PolicyDocuments.JsonListWriter(target.stdout());
      }
      json.finish();
    }
    target.stdout().flush();
  }

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
    Stream(Target target) {
      super(target);
    }

    @Override
    void write(String namespace, List<ProposedPolicy> policies) throws IOException {
      for (ProposedPolicy p : policies) {
        document(ProposalTree.of(p));
      }
    }

    @Override
    void complete(Review review) throws IOException {
      endDocuments();
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
   * The other formats, rendered namespace by namespace. To --out each object (or chart file) is
   * written as soon as it is rendered, the objects spanning namespaces at the end. On stdout the
   * formats whose cluster-wide objects come first (calico, cluster-baseline) hold the namespaces'
   * documents, written, until those are known.
   */
  private static final class Rendered extends ProposalOutput {
    private final Renderer renderer;
    private final ProposalFiles.FolderOutput folder;
    private final List<ObjectNode> heldObjects = new ArrayList<>();
    private final List<String> heldYaml = new ArrayList<>();

    Rendered(Target target) {
      super(target);
      renderer = target.format().renderer();
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
    void write(String namespace, List<ProposedPolicy> policies) throws IOException {
      Rendering r = render(() -> renderer.namespace(ProposalViews.of(policies, target.cluster())));
      if (folder != null) {
        toFolder(r);
      } else if (renderer.clusterObjectsFirst()) {
        for (Manifest m : r.manifests()) {
          if (target.syntax() == Format.JSON) {
            heldObjects.add(m.object());
          } else {
            heldYaml.add(PolicyDocuments.yaml(m.object()));
          }
        }
      } else {
        for (Manifest m : r.manifests()) {
          document(m.object());
        }
      }
    }

    @Override
    void complete(Review review) throws IOException {
      Rendering last = render(renderer::finish);
      if (folder != null) {
        toFolder(last);
        report(folder.finish(namespaces), target.format() == PolicyFormat.HELM);
      } else {
        for (Manifest m : last.manifests()) {
          document(m.object());
        }
        for (String yaml : heldYaml) {
          target.stdout().write("---\n");
          target.stdout().write(yaml);
        }
        for (ObjectNode o : heldObjects) {
          document(o);
        }
        endDocuments();
      }
      last.notes().forEach(target.stderr()::println);
    }

    private void toFolder(Rendering r) {
      for (Map.Entry<String, String> f : r.files().entrySet()) {
        folder.file(f.getKey(), f.getValue());
      }
      for (Manifest m : r.manifests()) {
        folder.object(m.namespace(), m.name(), m.object());
      }
    }

    private Rendering render(java.util.function.Supplier<Rendering> step) {
      try {
        return step.get();
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
