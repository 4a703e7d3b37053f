/** "host:22", "[2001:db8::1]:22": an IPv6 address in brackets, so the port reads apart. */
export function endpoint(address: string, port: number | null): string {
  const a = address.includes(":") ? `[${address}]` : address;
  return port ? `${a}:${port}` : a;
}

