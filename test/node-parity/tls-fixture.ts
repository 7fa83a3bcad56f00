// A self-signed certificate for localhost, for the TLS socket test only: it
// secures nothing (the private key is public, here). Made with
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
//     -days 36500 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
export const localhostCertificate = `
-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUcE6jh1BM531b7iKrQJXAgraFBuEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNjIyMzAyM1oYDzIxMjYxMTEy
MjIzMDIzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATyt+FP+yn8DfjQgyK7+rov9CEScObyY88a6AHWpAkCVlXYInb3hXjo
fShIL1tDacvs/S/R7fOF5BZuB1rI/m2Co28wbTAdBgNVHQ4EFgQUtPcLjE335s+P
fn3BPernh923e8owHwYDVR0jBBgwFoAUtPcLjE335s+Pfn3BPernh923e8owDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgSxkLL2SM0xERoBWHFU+w45fKpn2xoXJJgLv76Mp/JSECIFj5
9FprMCSzLoApgwr8yZcF3zy8rNSi+zXLytkjKm55
-----END CERTIFICATE-----
`;

export const localhostKey = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgb9FK37LKRgG9V/eS
MPYkl5yNgC5mnPSY9BxhSc5PCd2hRANCAATyt+FP+yn8DfjQgyK7+rov9CEScOby
Y88a6AHWpAkCVlXYInb3hXjofShIL1tDacvs/S/R7fOF5BZuB1rI/m2C
-----END PRIVATE KEY-----
`;
