import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { counter } from '../ui/rules';
import { useForm } from '../ui/useForm';
import { getProfile, type ChannelOwner, type Profile, updateProfile } from './api';
import { ProfilePhoto } from './ProfilePhoto';
import { aboutText, address, businessDescription, businessVertical, businessVerticals, contactEmail, profileLimits, website } from './profileRules';

interface ProfileEditorProps {
  owner: ChannelOwner;
  channelId: string;
  editable: boolean;
}

/** ProfileEditor shows and edits a channel's WhatsApp business profile within the server's limits. */
export function ProfileEditor({ owner, channelId, editable }: ProfileEditorProps) {
  const profile = useQuery({ queryKey: ['channel', channelId, 'profile'], queryFn: () => getProfile(owner, channelId) });
  // The form starts afresh from each saved profile, so the word that it was saved lives here.
  const [saved, setSaved] = useState(false);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Business profile
        </Title>
        <ErrorAlert error={profile.error} title="Could not load the business profile" />
        {profile.data && (
          <ProfilePhoto owner={owner} channelId={channelId} photoUrl={profile.data.profile_photo_url ?? undefined} editable={editable} />
        )}
        {profile.data && (
          <ProfileForm
            key={profile.dataUpdatedAt}
            owner={owner}
            channelId={channelId}
            saved={profile.data}
            editable={editable}
            onSaved={setSaved}
          />
        )}
        {saved && (
          <Alert color="green" role="status">
            Business profile saved.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

type ProfileValues = {
  about_text: string;
  address: string;
  business_description: string;
  contact_email: string;
  business_vertical: string;
  website1: string;
  website2: string;
};

function valuesOf(profile: Profile): ProfileValues {
  const websites = profile.websites ?? [];
  return {
    about_text: profile.about_text ?? '',
    address: profile.address ?? '',
    business_description: profile.business_description ?? '',
    contact_email: profile.contact_email ?? '',
    business_vertical: profile.business_vertical ?? '',
    website1: websites[0] ?? '',
    website2: websites[1] ?? '',
  };
}

/** profileChanges is the PATCH body: only the fields that differ from the saved profile. */
export function profileChanges(saved: Profile, values: ProfileValues): Profile {
  const before = valuesOf(saved);
  const changes: Profile = {};
  for (const name of ['about_text', 'address', 'business_description', 'contact_email', 'business_vertical'] as const) {
    if (values[name] !== before[name]) changes[name] = name === 'contact_email' ? values[name].trim() : values[name];
  }
  if (values.website1 !== before.website1 || values.website2 !== before.website2) {
    changes.websites = [values.website1, values.website2].map((site) => site.trim()).filter((site) => site !== '');
  }
  return changes;
}

interface ProfileFormProps {
  owner: ChannelOwner;
  channelId: string;
  saved: Profile;
  editable: boolean;
  onSaved: (saved: boolean) => void;
}

function ProfileForm({ owner, channelId, saved, editable, onSaved }: ProfileFormProps) {
  const queryClient = useQueryClient();
  const savedVertical = saved.business_vertical ?? '';
  const form = useForm(valuesOf(saved), {
    about_text: aboutText,
    address,
    business_description: businessDescription,
    contact_email: contactEmail,
    business_vertical: businessVertical(savedVertical),
    website1: website('Website 1'),
    website2: website('Website 2'),
  });
  const save = useMutation({
    mutationFn: (values: ProfileValues) => {
      onSaved(false);
      return updateProfile(owner, channelId, profileChanges(saved, values));
    },
    onSuccess: (answer) => {
      onSaved(true);
      if (answer && typeof answer === 'object') queryClient.setQueryData(['channel', channelId, 'profile'], answer);
      else return queryClient.invalidateQueries({ queryKey: ['channel', channelId, 'profile'] });
    },
  });
  // A vertical, once set, cannot be emptied, so "not set" is offered only while nothing is set.
  const verticals = [...(savedVertical === '' ? [{ value: '', label: 'Not set' }] : []), ...businessVerticals];
  const withCounter = (name: 'about_text' | 'address' | 'business_description', max: number) => ({
    ...form.field(name),
    description: `${counter(form.values[name].trim(), max)} characters`,
    disabled: !editable,
    autosize: true,
    minRows: 2,
  });

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <Textarea label="About" {...withCounter('about_text', profileLimits.about_text)} minRows={1} />
        <Textarea label="Description" {...withCounter('business_description', profileLimits.business_description)} />
        <Textarea label="Address" {...withCounter('address', profileLimits.address)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Contact email"
            type="email"
            description={`${counter(form.values.contact_email.trim(), profileLimits.contact_email)} characters`}
            disabled={!editable}
            {...form.field('contact_email')}
          />
          <NativeSelect label="Business vertical" data={verticals} disabled={!editable} {...form.field('business_vertical')} />
          <TextInput label="Website 1" placeholder="https://example.com" disabled={!editable} {...form.field('website1')} />
          <TextInput label="Website 2" placeholder="https://example.com/shop" disabled={!editable} {...form.field('website2')} />
        </SimpleGrid>
        {form.attempted && !form.valid && (
          <Alert color="red" role="alert" title="Profile not saved">
            Some fields break the limits; fix the marked fields and save again.
          </Alert>
        )}
        <ErrorAlert error={save.error} title="Profile not saved" />
        {editable ? (
          <Group>
            <Button type="submit" loading={save.isPending} disabled={form.changed.length === 0}>
              Save profile
            </Button>
            <Button variant="default" onClick={form.reset} disabled={form.changed.length === 0}>
              Undo changes
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            You can see the profile but not change it.
          </Text>
        )}
      </Stack>
    </form>
  );
}
