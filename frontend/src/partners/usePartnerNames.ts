import { useQuery } from '@tanstack/react-query';
import { listPartners } from './api';

/** usePartnerNames names partners by brand for the operators, who know them by brand rather than by id. */
export function usePartnerNames() {
  const partners = useQuery({ queryKey: ['partners', 'names'], queryFn: () => listPartners({ limit: 1000, sort: 'brand_name' }), staleTime: 60_000 });
  const list = partners.data?.partners ?? [];
  return {
    ids: list.map((partner) => partner.id ?? ''),
    name: (id?: string) => list.find((partner) => partner.id === id)?.brand_name ?? id,
  };
}
