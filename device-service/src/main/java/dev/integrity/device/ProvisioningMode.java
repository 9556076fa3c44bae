package dev.integrity.device;

/** {@code device.provisioning}: what happens when a device the registry has never seen sends data. */
public enum ProvisioningMode {
    /** It is created on its first sample, and no keys are checked. For development. */
    OPEN,
    /** It must present the enrollment token; it is then created and given its own key, shown once. */
    TOKEN,
    /** It is refused with 404 until someone registers it. */
    CLOSED
}
