package io.netpol.rollout;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Who the audit log names for a change: the identity the API server reports for the credentials in
 * use (a SelfSubjectReview, Kubernetes 1.28+ for every authenticated user), else the local user
 * name, marked as unverified, with a note saying why.
 *
 * @param name what the audit log records
 * @param note why the API server's answer could not be used (null when it was)
 */
public record Actor(String name, String note) {

  /** The note's text when the local user name stands in. */
  static final String UNVERIFIED = "unverified";

  public static Actor of(KubernetesClient client, String localUser) {
    String why;
    try {
      SelfSubjectReview review =
          client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      String user =
          review == null || review.getStatus() == null || review.getStatus().getUserInfo() == null
              ? null
              : review.getStatus().getUserInfo().getUsername();
      if (user != null && !user.isBlank()) {
        return new Actor(user, null);
      }
      why = "answered without a user name";
    } catch (KubernetesClientException e) {
      why = e.getCode() > 0 ? "HTTP " + e.getCode() : "not answered";
    }
    return new Actor(
        localUser + " (" + UNVERIFIED + ")",
        "the API server did not say who you are (SelfSubjectReview, Kubernetes 1.28+: "
            + why
            + "); the audit log names "
            + localUser
            + " ("
            + UNVERIFIED
            + ")");
  }
}
