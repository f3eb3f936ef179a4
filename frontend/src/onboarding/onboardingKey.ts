/** onboardingKey is the query key of a client's wizard state on a partner's page. */
export const onboardingKey = (clientId: string, partnerId = '') => ['onboarding', clientId, partnerId];
