/**
 * browser is where the onboarding page leaves the app: the last step sends the client back to
 * the partner with a full page load. Tests replace assign to see the address.
 */
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
