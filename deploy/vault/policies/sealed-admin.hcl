# Key administration: create, rotate, configure and delete (crypto-shred) tenant keys. No service
# runs with this policy; operators and the bootstrap do.
path "transit/keys/sms-*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

path "transit/keys/sms-+/rotate" {
  capabilities = ["update"]
}

path "transit/keys/sms-+/config" {
  capabilities = ["update"]
}

path "transit/config/keys" {
  capabilities = ["read", "update"]
}
