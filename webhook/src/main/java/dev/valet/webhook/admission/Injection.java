package dev.valet.webhook.admission;

import dev.valet.webhook.inject.Layout;
import java.util.List;

/**
 * What a validator pod gets, decided from its annotations before any key is taken.
 *
 * @param keyCount how many keys
 * @param containers the containers that get the mount
 * @param initContainers the init containers that get the mount too (those the pod named)
 * @param mountPath where the keys are mounted
 * @param layout how the files are arranged
 */
public record Injection(
    int keyCount,
    List<PodRequest.Container> containers,
    List<PodRequest.Container> initContainers,
    String mountPath,
    Layout layout) {}
