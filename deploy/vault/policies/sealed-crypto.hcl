# crypto-service: creates data keys under tenant keys and recipient pseudonyms. It can never
# decrypt a data key, read key material, rotate or delete a key.
path "transit/datakey/plaintext/sms-dek-*" {
  capabilities = ["update"]
}

path "transit/hmac/sms-rcpt-*" {
  capabilities = ["update"]
}
