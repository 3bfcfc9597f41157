package io.spotwise.contract;

/** The object a Kubernetes Event is about. */
public record InvolvedObject(String kind, String apiVersion, String namespace, String name, String uid) {
}
