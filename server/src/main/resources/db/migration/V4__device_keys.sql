-- A device's Ed25519 public key (Base64 of its X.509 encoding), enrolled with the device: the
-- server verifies the seals the device makes with it.
ALTER TABLE device ADD COLUMN public_key TEXT;
