package io.spotwise.contract;

/**
 * The labels Kubernetes' controllers put on the pods they create to tell their revisions apart — what
 * {@link PodSnapshot#revision()} is read from, and what the admission webhook resolves a ReplicaSet's Deployment by.
 */
public final class RevisionLabels {

    /** Set by the Deployment controller on a ReplicaSet and its pods: {@code <deployment>-<pod-template-hash>}. */
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";
    /** Set by the StatefulSet controller on each pod: the ControllerRevision it was created from. */
    public static final String CONTROLLER_REVISION_HASH = "controller-revision-hash";

    private RevisionLabels() {
    }
}
