import { List } from '@mantine/core';

/** Consequences lists what a partner change does when it runs. */
export function Consequences({ target, billingModel }: { target: string; billingModel?: string }) {
  const permission =
    billingModel === 'direct_payment'
      ? `${target} bills you directly, so you must grant ${target} the API-key permission again before they can create keys for your numbers.`
      : billingModel === 'partner_payment'
        ? `${target} pays for your messaging, so the API-key permission goes to ${target}.`
        : `The API-key permission is reset: with a partner who bills you directly you must grant it again; with a partner who pays for your messaging it goes to them.`;
  return (
    <List size="sm" spacing="xs">
      <List.Item>Every API key of the moving numbers is revoked at once — integrations using them stop working until they get new keys.</List.Item>
      <List.Item>The webhook URLs of the moving numbers are cleared, so your current partner stops receiving your messages. Set them again afterwards.</List.Item>
      <List.Item>{permission}</List.Item>
      <List.Item>Display names, quality ratings and messaging limits stay as they are.</List.Item>
    </List>
  );
}
