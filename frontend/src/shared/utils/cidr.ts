/** `10.20.0.0/16`: four octets 0-255 and a prefix length 0-32 (what the hosts API's `subnet` filter takes). */
export function isCidr(text: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}
