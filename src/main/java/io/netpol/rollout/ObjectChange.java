package io.netpol.rollout;

/**
 * What one step did (or set out to do) to one object: enough to undo it exactly and to tell whether
 * someone changed the object since.
 *
 * @param action the last thing the step did to it
 * @param before the object before the step touched it (JSON), null when it did not exist
 * @param after the object as the step left it (JSON; the API server's answer once written), null
 *     when the step removed it
 * @param wrote the last content the step wrote, kept when a later phase removed the object again (a
 *     staged policy after {@code promote}); null when it never wrote one
 * @param done the write was confirmed by the API server
 * @param legacy recorded by an older version that kept no written content: ownership is then told
 *     by the step annotation
 */
public record ObjectChange(
    PolicyKind kind,
    String name,
    Action action,
    String before,
    String after,
    String wrote,
    boolean done,
    boolean legacy) {

  /** What a step does to an object. */
  public enum Action {
    CREATE,
    UPDATE,
    DELETE;

    /** The verb in output: {@code create}. */
    public String verb() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ObjectChange withAfter(String newAfter, boolean isDone) {
    return new ObjectChange(
        kind, name, action, before, newAfter, newAfter != null ? newAfter : wrote, isDone, legacy);
  }
}
