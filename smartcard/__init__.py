"""PKCS#11 token access and SoftHSM provisioning for training and tests (issues 3-4)."""
