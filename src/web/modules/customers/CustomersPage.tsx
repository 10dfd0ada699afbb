import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { IconBuilding, IconFileImport, IconPlus, IconUsers } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { EmptyBlock, FormError, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatMoney } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import {
  customersPaths,
  useCompanies,
  useCompanySearch,
  useCreateCompany,
  useCreateCustomer,
  useCustomers,
} from "./hooks.ts";
import { ImportCustomersModal } from "./ImportCustomersModal.tsx";

/** Companies and people who give feedback (customers), with search and "add". */
export function CustomersPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const [importing, setImporting] = useState(false);
  const { tab = "companies" } = useParams<{ tab?: string }>();
  const [, navigate] = useLocation();
  const current = tab === "people" ? "people" : "companies";
  useDocumentTitle(current === "people" ? "Customers" : "Companies", workspace.name);
  return (
    <Page
      title="Customers"
      description="The companies and people your feedback comes from. Their segment and revenue weigh their requests."
      actions={
        can("customers.write") ? (
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} />}
            onClick={() => setImporting(true)}
          >
            Import CSV
          </Button>
        ) : null
      }
    >
      <ImportCustomersModal opened={importing} onClose={() => setImporting(false)} />
      <Tabs
        value={current}
        onChange={(v) => v && navigate(customersPaths.list(wid, v as "companies" | "people"))}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="companies" leftSection={<IconBuilding size={16} />}>
            Companies
          </Tabs.Tab>
          <Tabs.Tab value="people" leftSection={<IconUsers size={16} />}>
            People
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="companies">{current === "companies" ? <CompaniesTab /> : null}</Tabs.Panel>
        <Tabs.Panel value="people">{current === "people" ? <PeopleTab /> : null}</Tabs.Panel>
      </Tabs>
    </Page>
  );
}

type PagedList = ReturnType<typeof useCompanies> | ReturnType<typeof useCustomers>;

/** A customers tab: search and "add" above a paged table, with its loading, error and empty states. */
function ListTab({
  search,
  onSearch,
  searchLabel,
  addLabel,
  onAdd,
  list,
  cols,
  empty,
  modal,
  children,
}: {
  search: string;
  onSearch: (v: string) => void;
  searchLabel: string;
  addLabel: string;
  onAdd: () => void;
  list: PagedList;
  cols: number;
  empty: React.ReactNode;
  modal: React.ReactNode;
  children: React.ReactNode;
}) {
  const { can } = useWorkspace();
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <SearchInput value={search} onChange={onSearch} label={searchLabel} style={{ flex: "1 1 220px" }} />
        {can("customers.write") ? (
          <Button leftSection={<IconPlus size={16} />} onClick={onAdd}>
            {addLabel}
          </Button>
        ) : null}
      </Group>
      <Surface>
        <QueryState<unknown>
          query={list}
          loading={<TableSkeleton rows={4} cols={cols} />}
          isEmpty={() => list.items.length === 0}
          empty={empty}
        >
          {() => (
            <Table.ScrollContainer minWidth={0}>
              <Table highlightOnHover verticalSpacing="sm">
                {children}
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={list} />
      </Surface>
      {modal}
    </Stack>
  );
}

/** A list's first cell: the linked name, and a dimmed second line (domain, e-mail) when there is one. */
function NameCell({
  href,
  name,
  sub,
  maxWidth,
}: {
  href: string;
  name: string;
  sub: string | null;
  maxWidth: number;
}) {
  return (
    <Table.Td style={{ maxWidth }}>
      <Anchor component={Link} href={href} fw={500} size="sm">
        {name}
      </Anchor>
      {sub ? (
        <Text size="xs" c="dimmed" truncate>
          {sub}
        </Text>
      ) : null}
    </Table.Td>
  );
}

/** An empty cell's dash. */
const Dash = () => (
  <Text size="sm" c="dimmed">
    —
  </Text>
);

function CompaniesTab() {
  const { workspaceId: wid, can } = useWorkspace();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useCompanies(wid, q);
  const [opened, modal] = useDisclosure(false);
  const revenue = can("customers.revenue");
  return (
    <ListTab
      search={search}
      onSearch={setSearch}
      searchLabel="Search companies"
      addLabel="Add company"
      onAdd={modal.open}
      list={list}
      cols={4}
      empty={
        <EmptyBlock
          icon={<IconBuilding size={28} />}
          title={q ? "No company matches" : "No companies yet"}
          description="Companies arrive with feedback from your tools (the API, CSV) or are added here."
        />
      }
      modal={<CompanyModal opened={opened} onClose={modal.close} />}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Company</Table.Th>
          <Table.Th>Segment</Table.Th>
          <Table.Th visibleFrom="sm">Plan</Table.Th>
          {revenue ? <Table.Th ta="right">ARR</Table.Th> : null}
          <Table.Th ta="right" visibleFrom="sm">
            People
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.items.map((c) => (
          <Table.Tr key={c.id}>
            <NameCell href={customersPaths.company(wid, c.id)} name={c.name} sub={c.domain} maxWidth={260} />
            <Table.Td>
              {c.segment ? (
                <Badge variant="light" tt="none" fw={500}>
                  {c.segment}
                </Badge>
              ) : (
                <Dash />
              )}
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text size="sm">{c.plan ?? "—"}</Text>
            </Table.Td>
            {revenue ? (
              <Table.Td ta="right">
                <Text size="sm">{formatMoney(c.arr, c.currency)}</Text>
              </Table.Td>
            ) : null}
            <Table.Td ta="right" visibleFrom="sm">
              <Text size="sm">{c.peopleCount}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTab>
  );
}

function PeopleTab() {
  const { workspaceId: wid } = useWorkspace();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useCustomers(wid, q);
  const [opened, modal] = useDisclosure(false);
  return (
    <ListTab
      search={search}
      onSearch={setSearch}
      searchLabel="Search customers"
      addLabel="Add customer"
      onAdd={modal.open}
      list={list}
      cols={3}
      empty={
        <EmptyBlock
          icon={<IconUsers size={28} />}
          title={q ? "Nobody matches" : "No customers yet"}
          description="People are added with their feedback, through the API (PUT /people upserts by e-mail) or here."
        />
      }
      modal={<PersonModal opened={opened} onClose={modal.close} />}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Company</Table.Th>
          <Table.Th ta="right">Feedback</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.items.map((p) => (
          <Table.Tr key={p.id}>
            <NameCell href={customersPaths.person(wid, p.id)} name={p.name} sub={p.email} maxWidth={240} />
            <Table.Td>
              {p.companyId && p.companyName ? (
                <Anchor component={Link} href={customersPaths.company(wid, p.companyId)} size="sm">
                  {p.companyName}
                </Anchor>
              ) : (
                <Dash />
              )}
            </Table.Td>
            <Table.Td ta="right">
              <Text size="sm">{p.feedbackCount}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTab>
  );
}

/** The API's field errors by field name, and the message when none of them is one of ours. */
function splitError(err: unknown, known: string[]): [Record<string, string>, string | null] {
  if (!(err instanceof ApiError)) return [{}, errorMessage(err)];
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(err.fields)) if (known.includes(k)) fields[k] = v;
  return [fields, Object.keys(fields).length ? null : err.message];
}

function CompanyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid, can } = useWorkspace();
  const create = useCreateCompany(wid);
  const [v, setV] = useState({ name: "", domain: "", segment: "", plan: "", currency: "EUR" });
  const [arr, setArr] = useState<number | string>("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setV({ name: "", domain: "", segment: "", plan: "", currency: "EUR" });
    setArr("");
    setErrors({});
    setError(null);
  }, [opened]);
  const revenue = can("customers.revenue");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: v.name,
        domain: v.domain.trim() || null,
        segment: v.segment.trim() || null,
        plan: v.plan.trim() || null,
        ...(revenue && arr !== "" ? { arr: Number(arr), currency: v.currency } : {}),
      },
      {
        onSuccess: (c) => {
          notifySuccess(c.name, "Company added");
          onClose();
        },
        onError: (err) => {
          const [f, m] = splitError(err, ["name", "domain", "segment", "plan", "arr", "currency"]);
          setErrors(f);
          setError(m);
        },
      },
    );
  };
  const field = (k: keyof typeof v) => ({
    value: v[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.currentTarget.value }),
    error: errors[k],
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Add a company">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          <TextInput label="Name" required data-autofocus {...field("name")} />
          <TextInput label="Domain" placeholder="contoso.com" {...field("domain")} />
          <SimpleGrid cols={2}>
            <TextInput label="Segment" placeholder="Enterprise" {...field("segment")} />
            <TextInput label="Plan" placeholder="Business" {...field("plan")} />
          </SimpleGrid>
          {revenue ? (
            <SimpleGrid cols={2}>
              <NumberInput
                label="ARR"
                min={0}
                thousandSeparator
                value={arr}
                onChange={setArr}
                error={errors.arr}
              />
              <TextInput label="Currency" maxLength={3} {...field("currency")} />
            </SimpleGrid>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add company
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PersonModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid } = useWorkspace();
  const create = useCreateCustomer(wid);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 200);
  const companies = useCompanySearch(wid, q, opened);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setName("");
    setEmail("");
    setCompanyId(null);
    setErrors({});
    setError(null);
  }, [opened]);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, email: email.trim() || null, companyId },
      {
        onSuccess: (p) => {
          notifySuccess(p.name, "Customer added");
          onClose();
        },
        onError: (err) => {
          const [f, m] = splitError(err, ["name", "email", "companyId"]);
          setErrors(f);
          setError(m);
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add a customer">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} />
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
          />
          <TextInput
            label="E-mail"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <Select
            label="Company"
            placeholder="Search companies"
            searchable
            clearable
            searchValue={search}
            onSearchChange={setSearch}
            data={(companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={companyId}
            onChange={setCompanyId}
            filter={({ options }) => options}
            error={errors.companyId}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add customer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
