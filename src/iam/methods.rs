//! Privilege-escalation methods as data: each [`Method`] names the actions that, allowed together,
//! let a principal gain privileges it was not given.
//!
//! The list is the master table of `shared/research/iam-anchors.md` §9.1: the 88 paths of
//! pathfinding.cloud (Datadog, Apache-2.0; the 65 of the December 2025 snapshot plus the newer
//! ones under `data/paths/aws/`), followed by combinations published by Rhino Security Labs,
//! `PMapper` and prowler that have no pathfinding id. The descriptions are ours. The tests below
//! check every action against the embedded catalogue: a misspelled action never matches, and a
//! combination missing an action fires where no escalation exists (prowler #3807, #3823).
//!
//! Wildcard grants (`iam:*`, `iam:Put*`) need no entry of their own: policies are expanded with
//! the catalogue before they are compared with these action sets.

/// How a method gains privileges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// The principal widens its own permissions (a policy on itself or on one of its groups).
    SelfEscalation,
    /// The principal obtains credentials of, or acts as, another user or role.
    PrincipalAccess,
    /// The principal creates compute or a service resource and hands it a more privileged role.
    NewPassRole,
    /// The principal takes over compute or a service resource that already runs with a role.
    ExistingPassRole,
}

impl Category {
    /// The pathfinding.cloud spelling: `"self-escalation"`, `"principal-access"`,
    /// `"new-passrole"` or `"existing-passrole"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfEscalation => "self-escalation",
            Self::PrincipalAccess => "principal-access",
            Self::NewPassRole => "new-passrole",
            Self::ExistingPassRole => "existing-passrole",
        }
    }
}

/// One way to escalate privileges: the actions it needs and how it works.
#[derive(Clone, Copy, Debug)]
pub struct Method {
    /// Stable id: the pathfinding.cloud path id (`ec2-001`), or for combinations that are not
    /// pathfinding paths a descriptive id prefixed `x-` (`x-autoscaling-launch-configuration`).
    pub id: &'static str,
    pub category: Category,
    /// Every action the method needs, canonical spelling as in the catalogue (`iam:PassRole`,
    /// `ec2:RunInstances`).
    pub actions: &'static [&'static str],
    /// For methods that pass a role: the service principals the role is passed to (the values
    /// `iam:PassedToService` must allow), e.g. `&["ec2.amazonaws.com"]`; empty for methods
    /// without `iam:PassRole`.
    pub passed_to: &'static [&'static str],
    /// Whether the method only works against a target that already exists (a function, stack,
    /// instance, role that trusts the principal…), so that what it yields depends on that
    /// target's own privileges. True for every [`Category::ExistingPassRole`] method and for the
    /// methods that assume an existing role (`sts-001`, `iam-014`, `iam-016`, `iam-017`) or
    /// reuse an existing stack's service role (`cloudformation-005`).
    pub needs_target: bool,
    /// One or two sentences, shown on the page: how the attack works, in plain words.
    pub attack: &'static str,
    /// Where the method is published: `"pathfinding.cloud"`, `"Rhino Security Labs"`,
    /// `"PMapper"` or `"prowler"`.
    pub source: &'static str,
}

const PATHFINDING: &str = "pathfinding.cloud";
const RHINO: &str = "Rhino Security Labs";
const PMAPPER: &str = "PMapper";
const PROWLER: &str = "prowler";

// Service principals a role is passed to. A role reaches an EC2 instance through an instance
// profile, and `iam:PassedToService` is then `ec2.amazonaws.com`.
const NONE: &[&str] = &[];
const APPRUNNER: &[&str] = &["tasks.apprunner.amazonaws.com", "build.apprunner.amazonaws.com"];
const AUTOSCALING: &[&str] = &["ec2.amazonaws.com"];
const BATCH: &[&str] = &["batch.amazonaws.com", "ecs-tasks.amazonaws.com"];
const BEDROCK_AGENTCORE: &[&str] = &["bedrock-agentcore.amazonaws.com"];
const BRAKET: &[&str] = &["braket.amazonaws.com"];
const CLOUDFORMATION: &[&str] = &["cloudformation.amazonaws.com"];
const CODEBUILD: &[&str] = &["codebuild.amazonaws.com"];
const COGNITO_IDENTITY: &[&str] = &["cognito-identity.amazonaws.com"];
// The pipeline role is assumed by Data Pipeline and EMR; the resource role is an EC2 instance
// profile on which the pipeline's activities run.
const DATAPIPELINE: &[&str] = &["datapipeline.amazonaws.com", "elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"];
const EC2: &[&str] = &["ec2.amazonaws.com"];
const ECS_TASKS: &[&str] = &["ecs-tasks.amazonaws.com"];
// The cluster's service role goes to EMR, its instance role to EC2 (an instance profile).
const EMR: &[&str] = &["elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"];
const EMR_SERVERLESS: &[&str] = &["emr-serverless.amazonaws.com"];
const GAMELIFT: &[&str] = &["gamelift.amazonaws.com"];
const GLUE: &[&str] = &["glue.amazonaws.com"];
// The build instance gets its role through the infrastructure configuration's instance profile.
const IMAGEBUILDER: &[&str] = &["imagebuilder.amazonaws.com", "ec2.amazonaws.com"];
const KINESISANALYTICS: &[&str] = &["kinesisanalytics.amazonaws.com"];
const LAMBDA: &[&str] = &["lambda.amazonaws.com"];
const OMICS: &[&str] = &["omics.amazonaws.com"];
const SAGEMAKER: &[&str] = &["sagemaker.amazonaws.com"];
const SSM: &[&str] = &["ssm.amazonaws.com"];

/// Every known privilege-escalation method: the pathfinding.cloud paths in id order, then the
/// `x-` combinations from other sources.
pub static METHODS: &[Method] = &[
    Method {
        id: "apprunner-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "apprunner:CreateService"],
        passed_to: APPRUNNER,
        needs_target: false,
        attack: "Create an App Runner service that runs a container image or start command of your choosing \
                 with a more privileged instance role; your code then calls AWS with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "apprunner-002",
        category: Category::ExistingPassRole,
        actions: &["apprunner:UpdateService"],
        passed_to: NONE,
        needs_target: true,
        attack: "Point an existing App Runner service at an image or start command of your own; after the \
                 redeploy your code runs with the instance role the service already has.",
        source: PATHFINDING,
    },
    Method {
        id: "batch-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "batch:RegisterJobDefinition", "batch:SubmitJob"],
        passed_to: BATCH,
        needs_target: false,
        attack: "Register a Batch job definition whose container runs your command with a more privileged job \
                 role, then submit a job from it to an existing queue.",
        source: PATHFINDING,
    },
    Method {
        id: "batch-002",
        category: Category::ExistingPassRole,
        actions: &["batch:SubmitJob"],
        passed_to: NONE,
        needs_target: true,
        attack: "Submit a job from an existing Batch job definition with the container command overridden, so \
                 your command runs with the job role the definition already carries.",
        source: PATHFINDING,
    },
    Method {
        id: "batch-003",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "batch:CreateComputeEnvironment",
            "batch:CreateJobQueue",
            "batch:RegisterJobDefinition",
            "batch:SubmitJob",
        ],
        passed_to: BATCH,
        needs_target: false,
        attack: "Build a Batch setup from nothing (compute environment, job queue and a job definition with a \
                 more privileged role), then submit a job that runs your command with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-001",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "bedrock-agentcore:CreateCodeInterpreter",
            "bedrock-agentcore:StartCodeInterpreterSession",
            "bedrock-agentcore:InvokeCodeInterpreter",
        ],
        passed_to: BEDROCK_AGENTCORE,
        needs_target: false,
        attack: "Create a Bedrock AgentCore code interpreter with a more privileged execution role, open a \
                 session and run code in it that reads and uses the role's credentials.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-002",
        category: Category::ExistingPassRole,
        actions: &["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"],
        passed_to: NONE,
        needs_target: true,
        attack: "Open a session on an existing AgentCore code interpreter and run code there, which acts with \
                 the interpreter's execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-003",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "bedrock-agentcore:CreateAgentRuntime",
            "bedrock-agentcore:CreateAgentRuntimeEndpoint",
            "bedrock-agentcore:CreateWorkloadIdentity",
            "bedrock-agentcore:InvokeAgentRuntimeCommand",
        ],
        passed_to: BEDROCK_AGENTCORE,
        needs_target: false,
        attack: "Deploy an AgentCore agent runtime with a more privileged execution role, then send it shell \
                 commands that read the role's credentials from the runtime's metadata service.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-004",
        category: Category::ExistingPassRole,
        actions: &["bedrock-agentcore:InvokeAgentRuntimeCommand"],
        passed_to: NONE,
        needs_target: true,
        attack: "Send shell commands to an existing AgentCore agent runtime; they run inside it with the \
                 runtime's execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-005",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "bedrock-agentcore:CreateHarness",
            "bedrock-agentcore:CreateAgentRuntime",
            "bedrock-agentcore:CreateAgentRuntimeEndpoint",
            "bedrock-agentcore:CreateWorkloadIdentity",
            "bedrock-agentcore:GetAgentRuntime",
            "bedrock-agentcore:GetHarness",
            "bedrock-agentcore:InvokeAgentRuntimeCommand",
        ],
        passed_to: BEDROCK_AGENTCORE,
        needs_target: false,
        attack: "Create an AgentCore harness (which provisions an agent runtime) with a more privileged \
                 execution role, then send the runtime shell commands that use the role's credentials.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-006",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "bedrock-agentcore:CreateBrowser",
            "bedrock-agentcore:StartBrowserSession",
            "bedrock-agentcore:ConnectBrowserAutomationStream",
        ],
        passed_to: BEDROCK_AGENTCORE,
        needs_target: false,
        attack: "Create an AgentCore browser with a more privileged execution role, start a session and drive \
                 it through its automation stream, acting with the role's permissions.",
        source: PATHFINDING,
    },
    Method {
        id: "bedrock-007",
        category: Category::ExistingPassRole,
        actions: &["bedrock-agentcore:StartBrowserSession", "bedrock-agentcore:ConnectBrowserAutomationStream"],
        passed_to: NONE,
        needs_target: true,
        attack: "Start a session on an existing AgentCore browser and drive it through its automation stream, \
                 acting with the browser's execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "braket-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "braket:CreateJob"],
        passed_to: BRAKET,
        needs_target: false,
        attack: "Create an Amazon Braket hybrid job whose algorithm script is yours and whose execution role \
                 is more privileged; the script runs with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "cloudformation-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "cloudformation:CreateStack"],
        passed_to: CLOUDFORMATION,
        needs_target: false,
        attack: "Create a stack with a more privileged service role and a template that creates what you want, \
                 such as an administrator role you can assume; CloudFormation builds it with the role.",
        source: PATHFINDING,
    },
    Method {
        id: "cloudformation-002",
        category: Category::ExistingPassRole,
        actions: &["cloudformation:UpdateStack"],
        passed_to: NONE,
        needs_target: true,
        attack: "Update an existing stack that has a privileged service role with a template of your own; \
                 CloudFormation applies the change with the stack's role.",
        source: PATHFINDING,
    },
    Method {
        id: "cloudformation-003",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"],
        passed_to: CLOUDFORMATION,
        needs_target: false,
        attack: "Create a stack set with a more privileged administration role and your own template, then \
                 deploy stack instances; the template's resources are created with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "cloudformation-004",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "cloudformation:UpdateStackSet"],
        passed_to: CLOUDFORMATION,
        needs_target: false,
        attack: "Update an existing stack set with your own template and a more privileged administration \
                 role; the change rolls out to its stack instances with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "cloudformation-005",
        category: Category::NewPassRole,
        actions: &["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
        passed_to: NONE,
        needs_target: true,
        attack: "Create a change set with your own template on an existing stack that has a privileged service \
                 role, then execute it; CloudFormation applies the template with the stack's role.",
        source: PATHFINDING,
    },
    Method {
        id: "codebuild-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"],
        passed_to: CODEBUILD,
        needs_target: false,
        attack: "Create a CodeBuild project with a more privileged service role and a buildspec of your own, \
                 then start a build; the build commands run with the role.",
        source: PATHFINDING,
    },
    Method {
        id: "codebuild-002",
        category: Category::ExistingPassRole,
        actions: &["codebuild:StartBuild"],
        passed_to: NONE,
        needs_target: true,
        attack: "Start a build of an existing CodeBuild project with its buildspec overridden, so your commands \
                 run with the project's service role.",
        source: PATHFINDING,
    },
    Method {
        id: "codebuild-003",
        category: Category::ExistingPassRole,
        actions: &["codebuild:StartBuildBatch"],
        passed_to: NONE,
        needs_target: true,
        attack: "Start a batch build of an existing CodeBuild project with its buildspec overridden, so your \
                 commands run with the project's service role.",
        source: PATHFINDING,
    },
    Method {
        id: "codebuild-004",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"],
        passed_to: CODEBUILD,
        needs_target: false,
        attack: "Create a CodeBuild project with a more privileged service role and a buildspec of your own, \
                 then start a batch build; the build commands run with the role.",
        source: PATHFINDING,
    },
    Method {
        id: "codedeploy-001",
        category: Category::ExistingPassRole,
        actions: &[
            "codedeploy:CreateDeployment",
            "codedeploy:RegisterApplicationRevision",
            "codedeploy:GetDeploymentConfig",
        ],
        passed_to: NONE,
        needs_target: true,
        attack: "Register an application revision whose lifecycle hooks run your script and deploy it to an \
                 existing deployment group; the script runs on the target instances with their role.",
        source: PATHFINDING,
    },
    Method {
        id: "cognitoidentity-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "cognito-identity:SetIdentityPoolRoles"],
        passed_to: COGNITO_IDENTITY,
        needs_target: false,
        attack: "Make a more privileged role the authenticated or unauthenticated role of an identity pool, \
                 then get credentials for that role through the pool.",
        source: PATHFINDING,
    },
    Method {
        id: "datapipeline-001",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
            "datapipeline:ActivatePipeline",
        ],
        passed_to: DATAPIPELINE,
        needs_target: false,
        attack: "Create a Data Pipeline whose definition runs a shell command of yours with more privileged \
                 roles, then activate it; the command runs with those roles.",
        source: PATHFINDING,
    },
    Method {
        id: "ec2-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ec2:RunInstances"],
        passed_to: EC2,
        needs_target: false,
        attack: "Launch an EC2 instance with a more privileged role attached, then read the role's temporary \
                 credentials from the instance metadata service.",
        source: PATHFINDING,
    },
    Method {
        id: "ec2-002",
        category: Category::ExistingPassRole,
        actions: &["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
        passed_to: NONE,
        needs_target: true,
        attack: "Stop an instance that has a role, replace its user data with a script of yours and start it \
                 again; the script runs at boot with the instance's role.",
        source: PATHFINDING,
    },
    Method {
        id: "ec2-003",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ec2:RequestSpotInstances"],
        passed_to: EC2,
        needs_target: false,
        attack: "Request a Spot Instance with a more privileged instance profile, then read the role's \
                 temporary credentials on the instance.",
        source: PATHFINDING,
    },
    Method {
        id: "ec2-004",
        category: Category::ExistingPassRole,
        actions: &["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
        passed_to: NONE,
        needs_target: true,
        attack: "Add a launch template version that names the privileged instance profile an earlier version \
                 used, with user data of yours, and make it the default; the next instance launched from the \
                 template runs your script with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "ec2-005",
        category: Category::ExistingPassRole,
        actions: &["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
        passed_to: NONE,
        needs_target: true,
        attack: "Copy a launch template's default version, which already has a privileged instance profile, \
                 changing only its user data, and make the copy the default; instances launched from it by \
                 Auto Scaling, a fleet or by hand run your script with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "ec2instanceconnect-003",
        category: Category::ExistingPassRole,
        actions: &["ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"],
        passed_to: NONE,
        needs_target: true,
        attack: "Push a temporary SSH key to an instance with EC2 Instance Connect, log in, and take the \
                 instance role's credentials from the metadata service.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:CreateService"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Create an ECS cluster and a task definition whose container runs your command with a more \
                 privileged task role, then run it as a service.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-002",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Create an ECS cluster and a task definition whose container runs your command with a more \
                 privileged task role, then run it as a task.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-003",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Register a task definition whose container runs your command with a more privileged task \
                 role and run it as a service in an existing cluster.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-004",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Register a task definition whose container runs your command with a more privileged task \
                 role and run it as a task in an existing cluster.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-005",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:StartTask"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Register a task definition whose container runs your command with a more privileged task \
                 role and start it on a container instance of an existing cluster.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-007",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:StartTask", "ecs:RegisterContainerInstance"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Register a host you control as an ECS container instance and start a task with a more \
                 privileged task role on it; the host hands you the task's credentials.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-008",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:RunTask"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Run a task from an existing task definition, overriding its task role with a more privileged \
                 one and its command with yours.",
        source: PATHFINDING,
    },
    Method {
        id: "ecs-009",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:StartTask"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Start a task from an existing task definition on a container instance, overriding its task \
                 role with a more privileged one and its command with yours.",
        source: PATHFINDING,
    },
    Method {
        id: "emr-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "elasticmapreduce:RunJobFlow"],
        passed_to: EMR,
        needs_target: false,
        attack: "Launch an EMR cluster with more privileged roles and a bootstrap action or step of yours; it \
                 runs on the cluster's instances with their role.",
        source: PATHFINDING,
    },
    Method {
        id: "emrserverless-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "emr-serverless:CreateApplication", "emr-serverless:StartJobRun"],
        passed_to: EMR_SERVERLESS,
        needs_target: false,
        attack: "Create an EMR Serverless application and start a job run of your code with a more privileged \
                 execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "gamelift-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "gamelift:CreateBuild", "gamelift:CreateFleet", "gamelift:RequestUploadCredentials"],
        passed_to: GAMELIFT,
        needs_target: false,
        attack: "Upload a game server build of yours and create a fleet that runs it with a more privileged \
                 instance role; the server process can use the role's credentials.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "glue:CreateDevEndpoint"],
        passed_to: GLUE,
        needs_target: false,
        attack: "Create a Glue development endpoint with a more privileged role and your SSH key, log in, and \
                 use the role's credentials.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-002",
        category: Category::ExistingPassRole,
        actions: &["glue:UpdateDevEndpoint"],
        passed_to: NONE,
        needs_target: true,
        attack: "Add your SSH key to an existing Glue development endpoint, log in, and use the credentials of \
                 the endpoint's role.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-003",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"],
        passed_to: GLUE,
        needs_target: false,
        attack: "Create a Glue job that runs your script with a more privileged role, then start it.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-004",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"],
        passed_to: GLUE,
        needs_target: false,
        attack: "Create a Glue job that runs your script with a more privileged role, and a trigger that \
                 starts it.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-005",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"],
        passed_to: GLUE,
        needs_target: false,
        attack: "Change an existing Glue job to run your script with a more privileged role, then start it.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-006",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"],
        passed_to: GLUE,
        needs_target: false,
        attack: "Change an existing Glue job to run your script with a more privileged role, and create a \
                 trigger that starts it.",
        source: PATHFINDING,
    },
    Method {
        id: "glue-007",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "glue:CreateSession", "glue:RunStatement"],
        passed_to: GLUE,
        needs_target: false,
        attack: "Open a Glue interactive session with a more privileged role and run statements of yours in \
                 it.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-001",
        category: Category::SelfEscalation,
        actions: &["iam:CreatePolicyVersion"],
        passed_to: NONE,
        needs_target: false,
        attack: "Write a new, broader version of a customer-managed policy attached to you and make it the \
                 default version.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-002",
        category: Category::PrincipalAccess,
        actions: &["iam:CreateAccessKey"],
        passed_to: NONE,
        needs_target: false,
        attack: "Create an access key for another IAM user and call AWS as that user.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-003",
        category: Category::PrincipalAccess,
        actions: &["iam:CreateAccessKey", "iam:DeleteAccessKey"],
        passed_to: NONE,
        needs_target: false,
        attack: "Delete one of another user's access keys when they already have two, then create a new key \
                 for that user and call AWS as them.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-004",
        category: Category::PrincipalAccess,
        actions: &["iam:CreateLoginProfile"],
        passed_to: NONE,
        needs_target: false,
        attack: "Give a user who has no console password one you choose, then sign in to the console as that \
                 user.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-005",
        category: Category::SelfEscalation,
        actions: &["iam:PutRolePolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Add an inline policy with broad permissions to the role you are acting as.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-006",
        category: Category::PrincipalAccess,
        actions: &["iam:UpdateLoginProfile"],
        passed_to: NONE,
        needs_target: false,
        attack: "Change another user's console password, then sign in to the console as that user.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-007",
        category: Category::SelfEscalation,
        actions: &["iam:PutUserPolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Add an inline policy with broad permissions to your own IAM user.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-008",
        category: Category::SelfEscalation,
        actions: &["iam:AttachUserPolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Attach a broad managed policy, such as AdministratorAccess, to your own IAM user.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-009",
        category: Category::SelfEscalation,
        actions: &["iam:AttachRolePolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Attach a broad managed policy, such as AdministratorAccess, to the role you are acting as.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-010",
        category: Category::SelfEscalation,
        actions: &["iam:AttachGroupPolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Attach a broad managed policy, such as AdministratorAccess, to a group you belong to.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-011",
        category: Category::SelfEscalation,
        actions: &["iam:PutGroupPolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Add an inline policy with broad permissions to a group you belong to.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-012",
        category: Category::PrincipalAccess,
        actions: &["iam:UpdateAssumeRolePolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Rewrite a more privileged role's trust policy so that it trusts you, then assume the role.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-013",
        category: Category::SelfEscalation,
        actions: &["iam:AddUserToGroup"],
        passed_to: NONE,
        needs_target: false,
        attack: "Add yourself to a group that has broader permissions than you.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-014",
        category: Category::PrincipalAccess,
        actions: &["iam:AttachRolePolicy", "sts:AssumeRole"],
        passed_to: NONE,
        needs_target: true,
        attack: "Attach a broad managed policy to a role that already trusts you, then assume it.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-015",
        category: Category::PrincipalAccess,
        actions: &["iam:AttachUserPolicy", "iam:CreateAccessKey"],
        passed_to: NONE,
        needs_target: false,
        attack: "Attach a broad managed policy to another user, then create an access key for that user and \
                 call AWS as them.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-016",
        category: Category::PrincipalAccess,
        actions: &["iam:CreatePolicyVersion", "sts:AssumeRole"],
        passed_to: NONE,
        needs_target: true,
        attack: "Write a broader default version of a customer-managed policy attached to a role that already \
                 trusts you, then assume the role.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-017",
        category: Category::PrincipalAccess,
        actions: &["iam:PutRolePolicy", "sts:AssumeRole"],
        passed_to: NONE,
        needs_target: true,
        attack: "Add an inline policy with broad permissions to a role that already trusts you, then assume it.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-018",
        category: Category::PrincipalAccess,
        actions: &["iam:PutUserPolicy", "iam:CreateAccessKey"],
        passed_to: NONE,
        needs_target: false,
        attack: "Add an inline policy with broad permissions to another user, then create an access key for \
                 that user and call AWS as them.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-019",
        category: Category::PrincipalAccess,
        actions: &["iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Attach a broad managed policy to a role and rewrite its trust policy so that it trusts you, \
                 then assume it.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-020",
        category: Category::PrincipalAccess,
        actions: &["iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Write a broader default version of a policy attached to a role and rewrite the role's trust \
                 policy so that it trusts you, then assume it.",
        source: PATHFINDING,
    },
    Method {
        id: "iam-021",
        category: Category::PrincipalAccess,
        actions: &["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
        passed_to: NONE,
        needs_target: false,
        attack: "Add an inline policy with broad permissions to a role and rewrite its trust policy so that it \
                 trusts you, then assume it.",
        source: PATHFINDING,
    },
    Method {
        id: "imagebuilder-001",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "imagebuilder:CreateComponent",
            "imagebuilder:CreateImageRecipe",
            "imagebuilder:CreateInfrastructureConfiguration",
            "imagebuilder:CreateImage",
        ],
        passed_to: IMAGEBUILDER,
        needs_target: false,
        attack: "Create an Image Builder component that runs your script, a recipe that uses it and an \
                 infrastructure configuration with a privileged instance profile, then build an image; the \
                 script runs on the build instance with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "kinesisanalytics-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "kinesisanalytics:CreateApplication", "kinesisanalytics:StartApplication"],
        passed_to: KINESISANALYTICS,
        needs_target: false,
        attack: "Create a Managed Service for Apache Flink application of your own code with a more privileged \
                 service role, then start it.",
        source: PATHFINDING,
    },
    Method {
        id: "lambda-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
        passed_to: LAMBDA,
        needs_target: false,
        attack: "Create a Lambda function of your own code with a more privileged execution role, then invoke \
                 it.",
        source: PATHFINDING,
    },
    Method {
        id: "lambda-002",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
        passed_to: LAMBDA,
        needs_target: false,
        attack: "Create a Lambda function of your own code with a more privileged execution role and connect \
                 it to a stream or queue, so it runs without being invoked directly.",
        source: PATHFINDING,
    },
    Method {
        id: "lambda-003",
        category: Category::ExistingPassRole,
        actions: &["lambda:UpdateFunctionCode"],
        passed_to: NONE,
        needs_target: true,
        attack: "Replace an existing function's code with yours; the next time it runs, your code acts with \
                 the function's execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "lambda-004",
        category: Category::ExistingPassRole,
        actions: &["lambda:UpdateFunctionCode", "lambda:InvokeFunction"],
        passed_to: NONE,
        needs_target: true,
        attack: "Replace an existing function's code with yours and invoke it, so your code acts with the \
                 function's execution role at once.",
        source: PATHFINDING,
    },
    Method {
        id: "lambda-005",
        category: Category::ExistingPassRole,
        actions: &["lambda:UpdateFunctionCode", "lambda:AddPermission"],
        passed_to: NONE,
        needs_target: true,
        attack: "Replace an existing function's code with yours and grant yourself the right to invoke it; \
                 your code acts with the function's execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "lambda-006",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"],
        passed_to: LAMBDA,
        needs_target: false,
        attack: "Create a Lambda function of your own code with a more privileged execution role and give \
                 yourself, another account or a service the right to invoke it.",
        source: PATHFINDING,
    },
    Method {
        id: "omics-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "omics:CreateWorkflow", "omics:StartRun", "s3:GetObject"],
        passed_to: OMICS,
        needs_target: false,
        attack: "Create a HealthOmics workflow from a definition of yours stored in S3 and start a run with a \
                 more privileged service role; the workflow's tasks run with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "sagemaker-001",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
        passed_to: SAGEMAKER,
        needs_target: false,
        attack: "Create a SageMaker notebook instance with a more privileged execution role, open it, and use \
                 the role from its terminal.",
        source: PATHFINDING,
    },
    Method {
        id: "sagemaker-002",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "sagemaker:CreateTrainingJob"],
        passed_to: SAGEMAKER,
        needs_target: false,
        attack: "Start a SageMaker training job whose container or script is yours, with a more privileged \
                 execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "sagemaker-003",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "sagemaker:CreateProcessingJob"],
        passed_to: SAGEMAKER,
        needs_target: false,
        attack: "Start a SageMaker processing job whose container is yours, with a more privileged execution \
                 role.",
        source: PATHFINDING,
    },
    Method {
        id: "sagemaker-004",
        category: Category::ExistingPassRole,
        actions: &["sagemaker:CreatePresignedNotebookInstanceUrl"],
        passed_to: NONE,
        needs_target: true,
        attack: "Get a sign-in link for an existing notebook instance, open its Jupyter interface and use the \
                 notebook's execution role from there.",
        source: PATHFINDING,
    },
    Method {
        id: "sagemaker-005",
        category: Category::ExistingPassRole,
        actions: &[
            "sagemaker:CreateNotebookInstanceLifecycleConfig",
            "sagemaker:StopNotebookInstance",
            "sagemaker:UpdateNotebookInstance",
            "sagemaker:StartNotebookInstance",
        ],
        passed_to: NONE,
        needs_target: true,
        attack: "Stop an existing notebook instance, give it a lifecycle configuration that runs your script \
                 and start it again; the script runs with the notebook's execution role.",
        source: PATHFINDING,
    },
    Method {
        id: "ssm-001",
        category: Category::ExistingPassRole,
        actions: &["ssm:StartSession"],
        passed_to: NONE,
        needs_target: true,
        attack: "Open a Session Manager shell on a managed instance and use the credentials of the instance's \
                 role.",
        source: PATHFINDING,
    },
    Method {
        id: "ssm-002",
        category: Category::ExistingPassRole,
        actions: &["ssm:SendCommand"],
        passed_to: NONE,
        needs_target: true,
        attack: "Run commands on a managed instance with Run Command; they execute with the instance's role.",
        source: PATHFINDING,
    },
    Method {
        id: "ssm-003",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ssm:CreateDocument", "ssm:StartAutomationExecution"],
        passed_to: SSM,
        needs_target: false,
        attack: "Create an Automation document of your own and run it with a more privileged automation role; \
                 its steps call AWS with that role.",
        source: PATHFINDING,
    },
    Method {
        id: "sts-001",
        category: Category::PrincipalAccess,
        actions: &["sts:AssumeRole"],
        passed_to: NONE,
        needs_target: true,
        attack: "Assume a more privileged role whose trust policy already lets you in.",
        source: PATHFINDING,
    },
    // Combinations from other sources that have no pathfinding id.
    Method {
        id: "x-iam-set-default-policy-version",
        category: Category::SelfEscalation,
        actions: &["iam:SetDefaultPolicyVersion"],
        passed_to: NONE,
        needs_target: false,
        attack: "Make an older, broader version of a customer-managed policy attached to you its default \
                 version again.",
        source: RHINO,
    },
    Method {
        id: "x-lambda-update-function-configuration",
        category: Category::ExistingPassRole,
        actions: &["lambda:UpdateFunctionConfiguration"],
        passed_to: NONE,
        needs_target: true,
        attack: "Add a layer of your code, or environment variables that change how the runtime starts, to an \
                 existing function; your code then runs with the function's execution role.",
        source: RHINO,
    },
    Method {
        id: "x-lambda-update-function-configuration-passrole",
        category: Category::ExistingPassRole,
        actions: &["iam:PassRole", "lambda:UpdateFunctionConfiguration"],
        passed_to: LAMBDA,
        needs_target: true,
        attack: "Swap an existing function's execution role for a more privileged one; whatever code the \
                 function runs, including a layer you add, then acts with that role.",
        source: PMAPPER,
    },
    Method {
        id: "x-sagemaker-notebook-presigned-url",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
        passed_to: SAGEMAKER,
        needs_target: false,
        attack: "Create a notebook instance with a more privileged execution role, get a sign-in link to its \
                 Jupyter interface and use the role from there.",
        source: RHINO,
    },
    Method {
        id: "x-datapipeline-create-pipeline",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
        passed_to: DATAPIPELINE,
        needs_target: false,
        attack: "Create a Data Pipeline whose definition runs a shell command of yours with more privileged \
                 roles; it runs once the pipeline is activated (`datapipeline-001` includes that step).",
        source: RHINO,
    },
    Method {
        id: "x-lambda-dynamodb-stream",
        category: Category::NewPassRole,
        actions: &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
            "dynamodb:CreateTable",
            "dynamodb:PutItem",
        ],
        passed_to: LAMBDA,
        needs_target: false,
        attack: "Create a Lambda function with a more privileged execution role and a DynamoDB table with a \
                 stream, map the stream to the function and write an item so that the function runs.",
        source: RHINO,
    },
    Method {
        id: "x-ec2-new-instance-profile",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ec2:RunInstances", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"],
        passed_to: EC2,
        needs_target: false,
        attack: "Create an instance profile, put a more privileged role in it and launch an instance with it, \
                 then read the role's credentials on the instance.",
        source: PMAPPER,
    },
    Method {
        id: "x-ec2-associate-instance-profile",
        category: Category::ExistingPassRole,
        actions: &["iam:PassRole", "ec2:AssociateIamInstanceProfile"],
        passed_to: EC2,
        needs_target: true,
        attack: "Attach an instance profile holding a more privileged role to an instance you can already log \
                 in to, then read the role's credentials there.",
        source: PMAPPER,
    },
    Method {
        id: "x-autoscaling-launch-configuration",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"],
        passed_to: AUTOSCALING,
        needs_target: false,
        attack: "Create a launch configuration with a privileged instance profile and user data of yours, and \
                 an Auto Scaling group that uses it; the instances it launches run your script with the role.",
        source: PMAPPER,
    },
    Method {
        id: "x-autoscaling-update-group",
        category: Category::ExistingPassRole,
        actions: &["iam:PassRole", "autoscaling:UpdateAutoScalingGroup", "autoscaling:CreateLaunchConfiguration"],
        passed_to: AUTOSCALING,
        needs_target: true,
        attack: "Create a launch configuration with a privileged instance profile and user data of yours and \
                 switch an existing Auto Scaling group to it; its new instances run your script with the role.",
        source: PROWLER,
    },
    Method {
        id: "x-cloudformation-update-stack-passrole",
        category: Category::ExistingPassRole,
        actions: &["iam:PassRole", "cloudformation:UpdateStack"],
        passed_to: CLOUDFORMATION,
        needs_target: true,
        attack: "Update an existing stack with a template of your own and a more privileged service role; \
                 CloudFormation applies the template with that role.",
        source: PMAPPER,
    },
    Method {
        id: "x-codebuild-update-project",
        category: Category::ExistingPassRole,
        actions: &["iam:PassRole", "codebuild:UpdateProject", "codebuild:StartBuild"],
        passed_to: CODEBUILD,
        needs_target: true,
        attack: "Give an existing CodeBuild project a more privileged service role and a buildspec of yours, \
                 then start a build; the commands run with that role.",
        source: PMAPPER,
    },
    Method {
        id: "x-ecs-container-instance",
        category: Category::NewPassRole,
        actions: &["iam:PassRole", "ecs:StartTask", "ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance"],
        passed_to: ECS_TASKS,
        needs_target: false,
        attack: "Register a host you control as an ECS container instance, start a task with a more privileged \
                 task role on it and collect the task's credentials, deregistering the host afterwards.",
        source: PROWLER,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::catalog::Catalog;
    use std::collections::HashSet;

    /// The 88 path ids of the §9.1 master table.
    const PATHFINDING_IDS: [&str; 88] = [
        "apprunner-001",
        "apprunner-002",
        "batch-001",
        "batch-002",
        "batch-003",
        "bedrock-001",
        "bedrock-002",
        "bedrock-003",
        "bedrock-004",
        "bedrock-005",
        "bedrock-006",
        "bedrock-007",
        "braket-001",
        "cloudformation-001",
        "cloudformation-002",
        "cloudformation-003",
        "cloudformation-004",
        "cloudformation-005",
        "codebuild-001",
        "codebuild-002",
        "codebuild-003",
        "codebuild-004",
        "codedeploy-001",
        "cognitoidentity-001",
        "datapipeline-001",
        "ec2-001",
        "ec2-002",
        "ec2-003",
        "ec2-004",
        "ec2-005",
        "ec2instanceconnect-003",
        "ecs-001",
        "ecs-002",
        "ecs-003",
        "ecs-004",
        "ecs-005",
        "ecs-007",
        "ecs-008",
        "ecs-009",
        "emr-001",
        "emrserverless-001",
        "gamelift-001",
        "glue-001",
        "glue-002",
        "glue-003",
        "glue-004",
        "glue-005",
        "glue-006",
        "glue-007",
        "iam-001",
        "iam-002",
        "iam-003",
        "iam-004",
        "iam-005",
        "iam-006",
        "iam-007",
        "iam-008",
        "iam-009",
        "iam-010",
        "iam-011",
        "iam-012",
        "iam-013",
        "iam-014",
        "iam-015",
        "iam-016",
        "iam-017",
        "iam-018",
        "iam-019",
        "iam-020",
        "iam-021",
        "imagebuilder-001",
        "kinesisanalytics-001",
        "lambda-001",
        "lambda-002",
        "lambda-003",
        "lambda-004",
        "lambda-005",
        "lambda-006",
        "omics-001",
        "sagemaker-001",
        "sagemaker-002",
        "sagemaker-003",
        "sagemaker-004",
        "sagemaker-005",
        "ssm-001",
        "ssm-002",
        "ssm-003",
        "sts-001",
    ];

    #[test]
    fn every_action_is_in_the_catalogue_in_canonical_spelling() {
        let catalog = Catalog::get();
        for method in METHODS {
            for &action in method.actions {
                let id = catalog
                    .find_action(action)
                    .unwrap_or_else(|| panic!("{}: `{action}` is not in the catalogue", method.id));
                assert_eq!(
                    catalog.qualified_name(id),
                    action,
                    "{}: `{action}` is not spelled as in the catalogue",
                    method.id
                );
            }
        }
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for method in METHODS {
            assert!(seen.insert(method.id), "duplicate method id `{}`", method.id);
            let pathfinding = PATHFINDING_IDS.contains(&method.id);
            assert_eq!(
                method.source == PATHFINDING,
                pathfinding,
                "{}: pathfinding.cloud ids and only they have source pathfinding.cloud",
                method.id
            );
            if !pathfinding {
                assert!(method.id.starts_with("x-"), "{}: ids outside pathfinding.cloud start with `x-`", method.id);
            }
        }
    }

    #[test]
    fn every_pathfinding_path_is_present() {
        for id in PATHFINDING_IDS {
            assert!(METHODS.iter().any(|m| m.id == id), "pathfinding path `{id}` is missing");
        }
    }

    #[test]
    fn actions_are_unique_within_a_method() {
        for method in METHODS {
            let mut seen = HashSet::new();
            for &action in method.actions {
                assert!(seen.insert(action), "{}: `{action}` is listed twice", method.id);
            }
            assert!(!method.actions.is_empty(), "{}: no actions", method.id);
        }
    }

    #[test]
    fn passed_to_matches_iam_pass_role() {
        for method in METHODS {
            let passes_role = method.actions.contains(&"iam:PassRole");
            assert_eq!(
                !method.passed_to.is_empty(),
                passes_role,
                "{}: passed_to must be non-empty exactly when the method needs iam:PassRole",
                method.id
            );
            for principal in method.passed_to {
                assert!(
                    principal.ends_with(".amazonaws.com"),
                    "{}: `{principal}` is not a service principal",
                    method.id
                );
            }
        }
    }

    #[test]
    fn existing_passrole_methods_need_a_target() {
        for method in METHODS {
            if method.category == Category::ExistingPassRole {
                assert!(method.needs_target, "{}: existing-passrole methods need a target", method.id);
            }
        }
    }

    #[test]
    fn attack_descriptions_are_sentences() {
        for method in METHODS {
            let attack = method.attack;
            assert!(attack.starts_with(char::is_uppercase), "{}: attack starts with a capital", method.id);
            assert!(attack.ends_with('.'), "{}: attack ends with a full stop", method.id);
            assert!(!attack.contains("  "), "{}: attack has a double space", method.id);
        }
    }

    #[test]
    fn category_names() {
        assert_eq!(Category::SelfEscalation.as_str(), "self-escalation");
        assert_eq!(Category::PrincipalAccess.as_str(), "principal-access");
        assert_eq!(Category::NewPassRole.as_str(), "new-passrole");
        assert_eq!(Category::ExistingPassRole.as_str(), "existing-passrole");
    }
}
