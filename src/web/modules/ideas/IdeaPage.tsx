import "./ideas.css";
import { Alert, Anchor, Box, Grid, Group, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCalculator, IconGitMerge, IconHistory, IconLink, IconMessageCircle } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useLocation, useParams, useSearch } from "wouter";
import type { Framework } from "../../../shared/enums.ts";
import { ApiError } from "../../api/client.ts";
import { Surface, useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { Activity } from "./Activity.tsx";
import { Comments } from "./Comments.tsx";
import { useIdea, useProduct } from "./hooks.ts";
import { MergeModal, PinModal } from "./IdeaDialogs.tsx";
import { IdeaEditForm } from "./IdeaEditForm.tsx";
import { IdeaHeader } from "./IdeaHeader.tsx";
import { type IdeaAside, IdeaSidebar } from "./IdeaSidebar.tsx";
import { Markdown } from "./markdown.tsx";
import { ideaPaths } from "./paths.ts";
import { ScorePanel } from "./ScorePanel.tsx";
import type { Idea } from "./types.ts";
import { useIdeaActions } from "./useIdeaActions.tsx";

export type { IdeaAside };

export function IdeaPage({ aside }: { aside?: IdeaAside } = {}) {
  const { id } = useParams<{ id: string }>();
  return <IdeaView key={id} id={id} aside={aside} />;
}

function IdeaView({ id, aside }: { id: string; aside?: IdeaAside }) {
  const { workspaceId: wid, workspace } = useWorkspace();
  const [, navigate] = useLocation();
  const search = useSearch();
  const mergedFrom = new URLSearchParams(search).get("merged");
  const idea = useIdea(wid, id);
  useDocumentTitle(idea.data ? `#${idea.data.number} ${idea.data.title}` : "Idea", workspace.name);

  // A merged idea lives on in its survivor.
  const mergedInto = idea.data?.mergedIntoId;
  useEffect(() => {
    if (mergedInto && idea.data) {
      navigate(`${ideaPaths.idea(wid, mergedInto)}?merged=${idea.data.number}`, { replace: true });
    }
  }, [mergedInto, idea.data, navigate, wid]);

  if (idea.isPending || mergedInto) {
    return (
      <Frame>
        <Stack gap="md" aria-busy="true">
          <Skeleton height={14} width={160} />
          <Skeleton height={34} width="60%" />
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Skeleton height={280} radius="lg" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Skeleton height={280} radius="lg" />
            </Grid.Col>
          </Grid>
        </Stack>
      </Frame>
    );
  }
  if (idea.isError) {
    return (
      <Frame>
        <ErrorState
          error={idea.error}
          onRetry={() => idea.refetch()}
          title={
            idea.error instanceof ApiError && idea.error.status === 404
              ? "This idea does not exist (any more)"
              : undefined
          }
        />
      </Frame>
    );
  }
  return <Loaded idea={idea.data} mergedFrom={mergedFrom} aside={aside} />;
}

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Box maw={1200} mx="auto" px={{ base: "md", sm: "xl" }} py={{ base: "md", sm: "xl" }}>
      {children}
    </Box>
  );
}

function Loaded({ idea, mergedFrom, aside }: { idea: Idea; mergedFrom: string | null; aside?: IdeaAside }) {
  const { workspaceId: wid, can } = useWorkspace();
  const [, _navigate] = useLocation();
  const product = useProduct(wid, idea.productId);
  const members = useAllMembers(wid);
  const { setStatus, remove, doUnpin, update, unpin } = useIdeaActions(idea);
  const [editing, setEditing] = useState(false);
  const [pinOpened, pinModal] = useDisclosure(false);
  const [mergeOpened, mergeModal] = useDisclosure(false);
  const [tab, setTab] = useState<string | null>("score");
  const framework: Framework = product.data?.framework ?? "weighted";
  const memberOptions = (members.data ?? []).map((m) => ({ value: m.userId, label: m.name }));
  const canWrite = can("ideas.write") && idea.status !== "merged";
  const canPrioritize = can("ideas.prioritize");

  return (
    <Frame>
      <Stack gap="lg">
        <IdeaHeader
          idea={idea}
          productName={product.data?.name}
          framework={framework}
          canWrite={canWrite}
          canPrioritize={canPrioritize}
          editing={editing}
          onEdit={() => setEditing(true)}
          onPin={pinModal.open}
          onMerge={mergeModal.open}
          onUnpin={doUnpin}
          onRemove={remove}
        />

        {mergedFrom ? (
          <Alert color="blue" variant="light" icon={<IconGitMerge size={18} />} withCloseButton={false}>
            #{mergedFrom} was merged into this idea, so you are seeing #{idea.number} instead.
          </Alert>
        ) : null}

        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <Surface p="lg">
                {editing ? (
                  <IdeaEditForm
                    idea={idea}
                    framework={framework}
                    reachFromEvidence={product.data?.riceReachFromEvidence}
                    memberOptions={memberOptions}
                    onDone={() => setEditing(false)}
                  />
                ) : (
                  <Stack gap="md">
                    {idea.description.trim() ? (
                      <Markdown source={idea.description} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        No description yet.
                        {canWrite ? (
                          <>
                            {" "}
                            <Anchor component="button" size="sm" onClick={() => setEditing(true)}>
                              Add one
                            </Anchor>
                          </>
                        ) : null}
                      </Text>
                    )}
                    {idea.links.length ? (
                      <Stack gap={4}>
                        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                          Links
                        </Text>
                        {idea.links.map((l) => (
                          <Anchor
                            key={l.url}
                            href={l.url}
                            target="_blank"
                            rel="noopener noreferrer nofollow"
                            size="sm"
                            style={{ overflowWrap: "anywhere" }}
                          >
                            <Group gap={6} component="span" wrap="nowrap">
                              <IconLink size={14} style={{ flexShrink: 0 }} />
                              {l.title || l.url}
                            </Group>
                          </Anchor>
                        ))}
                      </Stack>
                    ) : null}
                  </Stack>
                )}
              </Surface>

              <Surface p="lg">
                <Tabs value={tab} onChange={setTab}>
                  <Tabs.List mb="md">
                    <Tabs.Tab value="score" leftSection={<IconCalculator size={16} />}>
                      Why this score
                    </Tabs.Tab>
                    <Tabs.Tab value="comments" leftSection={<IconMessageCircle size={16} />}>
                      Comments{idea.commentCount ? ` (${idea.commentCount})` : ""}
                    </Tabs.Tab>
                    <Tabs.Tab value="activity" leftSection={<IconHistory size={16} />}>
                      Activity
                    </Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="score">
                    {tab === "score" ? (
                      <ScorePanel ideaId={idea.id} stats={idea.factorStats} voters={idea.voters} />
                    ) : null}
                  </Tabs.Panel>
                  <Tabs.Panel value="comments">
                    {tab === "comments" ? <Comments ideaId={idea.id} /> : null}
                  </Tabs.Panel>
                  <Tabs.Panel value="activity">
                    {tab === "activity" ? <Activity ideaId={idea.id} /> : null}
                  </Tabs.Panel>
                </Tabs>
              </Surface>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 4 }}>
            <IdeaSidebar
              idea={idea}
              framework={framework}
              canWrite={canWrite}
              canPrioritize={canPrioritize}
              onStatus={setStatus}
              statusPending={update.isPending}
              onPin={pinModal.open}
              onUnpin={doUnpin}
              unpinPending={unpin.isPending}
              aside={aside}
            />
          </Grid.Col>
        </Grid>
      </Stack>
      {canPrioritize ? (
        <>
          <PinModal idea={idea} opened={pinOpened} onClose={pinModal.close} />
          <MergeModal idea={idea} opened={mergeOpened} onClose={mergeModal.close} />
        </>
      ) : null}
    </Frame>
  );
}
